// The start page's side of stale drafts (src/db/stale-drafts.ts): the warning on a draft nobody has opened for
// long, recorded as shown once the reporter could see it, and what was deleted after such a warning.
import { useEffect } from 'preact/hooks';
import type { Draft } from '../../db/database.ts';
import { recordStaleNoticesShown, staleness, type DeletedDraft } from '../../db/stale-drafts.ts';
import { formatDate } from '../../shared/dates.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import { useNow } from '../hooks.ts';

/** Calls `seen` once the page is visible (now, or when it is next shown); returns the clean-up. */
function whenVisible(seen: () => void): () => void {
  if (document.visibilityState === 'visible') {
    seen();
    return () => undefined;
  }
  const onChange = () => {
    if (document.visibilityState !== 'visible') return;
    document.removeEventListener('visibilitychange', onChange);
    seen();
  };
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}

/** "Not opened or changed since …; it will be deleted on … unless you open it", on a stale draft. */
export function StaleDraftNotice({ draft }: { draft: Draft }) {
  const now = useNow();
  const stale = staleness(draft, now);
  // Only a warning the reporter could see starts the last wait: recorded when the page is visible.
  useEffect(() => (stale ? whenVisible(() => void recordStaleNoticesShown([draft.id]).catch(() => undefined)) : undefined), [draft.id, !!stale]);
  if (!stale) return null;
  return (
    <div class="govuk-warning-text govuk-!-margin-bottom-1" data-testid="stale-draft">
      <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
      <strong class="govuk-warning-text__text">
        <span class="govuk-visually-hidden">Warning</span>
        Not opened or changed since {formatDate(stale.since)}. It will be deleted from this device on {formatDate(stale.deleteOn)} unless you open it.
      </strong>
    </div>
  );
}

/** What the start page deleted as it opened: drafts whose warning was shown and not acted on. */
export function DeletedDraftsNotice({ drafts }: { drafts: DeletedDraft[] }) {
  if (!drafts.length) return null;
  return (
    <div class="govuk-inset-text" role="status" data-testid="stale-drafts-deleted">
      <p class="govuk-body">{drafts.length === 1 ? 'A draft was' : `${drafts.length} drafts were`} deleted from this device: nobody opened {drafts.length === 1 ? 'it' : 'them'} after the warning.</p>
      <ul class="govuk-list govuk-list--bullet">
        {drafts.map((d) => (
          <li key={d.id}>
            {labelOf(reportKinds, d.kind)}, reference {formatReference(d.reference)}, last opened or changed {formatDate(new Date(d.since))}
          </li>
        ))}
      </ul>
    </div>
  );
}
