// What a follow-up breach report starts with (issue 9): the department's reference of the report it follows
// up, which the endpoint uses to add it to that report's case. From a reporter's sent report only that is
// known on the device (the report itself went with its receipt); from the incident team's console, the
// case's answers too, so the team changes only what is new. Never the earlier reporter's details: "About you"
// is whoever writes the follow-up.
import { formatReference } from './reference.ts';
import { upgradeAnswers } from './report-upgrade.ts';
import type { DraftAnswers } from './report.ts';

/** Not answers: what each report has of its own. */
const NOT_COPIED = new Set(['schemaVersion', 'id', 'reference', 'createdAt', 'timeZone', 'kind', 'reporter']);

export function followUpAnswers(initialReference: string, earlier?: Record<string, unknown>, icoReference?: string | null): DraftAnswers {
  const copied: Record<string, unknown> = earlier ? Object.fromEntries(Object.entries(upgradeAnswers(earlier)).filter(([key]) => !NOT_COPIED.has(key))) : {};
  // Version 1's free-text "reference of the earlier report" is no longer asked: the initial reference replaces it.
  const { earlierReference: _earlier, ...breach } = (copied.breach ?? {}) as Record<string, unknown>;
  return {
    ...copied,
    personalData: 'yes',
    breach: {
      ...breach,
      reportType: 'follow-up',
      initialReference: formatReference(initialReference),
      ...(icoReference && !breach.icoCaseReference ? { icoCaseReference: icoReference } : {}),
    },
  } as DraftAnswers;
}
