// The reporter's name and email come from their sign-in: filled into a draft where it has none yet, never
// over what the reporter typed (the check page still shows both, and they stay editable).
import { fillReporterIfEmpty } from '../../db/drafts.ts';
import { meWithin } from './me.ts';

/** How long opening a draft waits for the endpoint's answer before going on without it. */
const WAIT_MS = 1_000;

export async function prefillReporter(draftId: string): Promise<void> {
  const user = (await meWithin(WAIT_MS))?.user;
  if (!user) return;
  await fillReporterIfEmpty(draftId, { name: user.name, email: user.email });
}
