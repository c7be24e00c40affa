// Once the endpoint says someone is signed in, the reports that waited for a sign-in go back in the queue
// and are sent. The storage code loads only then, to keep it out of the first page.
import { storeExists } from '../../db/store-exists.ts';
import type { MeResponse } from '../../shared/auth.ts';
import { sendSoon } from '../sending.ts';

export async function sendWaitingForSignIn(me: MeResponse | undefined): Promise<void> {
  if (!me?.user || !(await storeExists())) return;
  const { retryWaitingForSignIn } = await import('../../db/outbox.ts');
  if ((await retryWaitingForSignIn()) > 0) await sendSoon();
}
