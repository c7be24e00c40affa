import type { Draft } from '../../db/database.ts';
import { deadlineLine, regulatorDeadlineOf } from '../../shared/dates.ts';
import { useNow } from '../hooks.ts';

/** The regulator's 72-hour clock for a personal data breach, e.g. "Report to the regulator by 21 Dec 2019 16:42, 23 h left". */
export function Deadline({ deadline, timeZone, as = 'p' }: { deadline: Date | null; timeZone?: string; as?: 'p' | 'inset' }) {
  const now = useNow();
  if (!deadline) return null;
  const line = deadlineLine(deadline, now, timeZone);
  if (as === 'inset') {
    return (
      <div class="govuk-inset-text" data-testid="regulator-deadline">
        <strong>{line}.</strong> The incident team decides whether the breach must be reported to the regulator (the
        Information Commissioner's Office), which must be within 72 hours of becoming aware of it where feasible.
      </div>
    );
  }
  return <p class="govuk-body-s govuk-!-margin-bottom-1" data-testid="regulator-deadline"><strong>{line}</strong></p>;
}

/** A draft's deadline, once its answers start the regulator's clock. */
export function draftDeadline(draft: Draft): Date | null {
  return regulatorDeadlineOf({ ...draft.answers, timeZone: draft.timeZone });
}
