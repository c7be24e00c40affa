// Drafts left untouched: flagged on the start page, and deleted only after the reporter was shown that warning
// and a further wait has passed. A draft nobody was warned about is never deleted, however old. Every function
// takes `now` and the policy, so tests run on a clock of their own.
import { db as defaultDb, type Draft, type ReportingDatabase, type StoredDraft } from './database.ts';
import type { ReportKind } from '../shared/report.ts';
import { DAY_MS, DRAFT_EXPIRY, type DraftExpiryPolicy } from '../shared/draft-expiry.ts';

type DraftTimes = Pick<Draft, 'updatedAt' | 'openedAt' | 'staleNoticeShownAt' | 'submittedAt'>;

/** The last time the reporter opened or changed the draft (epoch ms). */
export function lastTouched(d: DraftTimes): number {
  return Math.max(Date.parse(d.updatedAt), d.openedAt ? Date.parse(d.openedAt) : 0);
}

/**
 * When the warning was shown for the draft as it is now. A warning from before its last opening or change
 * does not count, even if clearing it failed (a write lost with a crashed tab).
 */
function warningShownAt(d: DraftTimes): number | undefined {
  if (!d.staleNoticeShownAt) return undefined;
  const shown = Date.parse(d.staleNoticeShownAt);
  return shown >= lastTouched(d) ? shown : undefined;
}

export interface Staleness {
  /** When the reporter last opened or changed it. */
  since: Date;
  /** When it will be deleted unless opened: the warning's first showing (now, if it is being shown now) plus the notice days. */
  deleteOn: Date;
}

/** Whether a draft is stale at `now`; undefined for a draft in use, or one kept only until its report's receipt. */
export function staleness(d: DraftTimes, now: Date, policy: DraftExpiryPolicy = DRAFT_EXPIRY): Staleness | undefined {
  if (d.submittedAt) return undefined;
  const since = lastTouched(d);
  if (now.getTime() - since < policy.staleAfterDays * DAY_MS) return undefined;
  return { since: new Date(since), deleteOn: new Date((warningShownAt(d) ?? now.getTime()) + policy.noticeDays * DAY_MS) };
}

/** Whether a draft may be deleted at `now`: stale, its warning shown to the reporter, and the notice days passed since. */
export function isExpired(d: DraftTimes, now: Date, policy: DraftExpiryPolicy = DRAFT_EXPIRY): boolean {
  const shown = warningShownAt(d);
  return shown !== undefined && !!staleness(d, now, policy) && now.getTime() >= shown + policy.noticeDays * DAY_MS;
}

/**
 * The times of stored rows as the reporter left them: a change appended and not yet folded into its row
 * (src/db/drafts.ts) is a change too. Read inside the caller's transaction over drafts and edits.
 */
async function timesOf(database: ReportingDatabase, rows: StoredDraft[]): Promise<Map<string, DraftTimes>> {
  const latest = new Map<string, string>();
  const edits = await database.edits.where('draftId').anyOf(rows.map((r) => r.id)).toArray();
  for (const e of edits) if ((latest.get(e.draftId) ?? '') < e.at) latest.set(e.draftId, e.at);
  return new Map(
    rows.map((r) => {
      const edited = latest.get(r.id);
      return [r.id, edited && edited > r.updatedAt ? { ...r, updatedAt: edited } : r];
    }),
  );
}

/** Records that the reporter has just been shown the warning for these drafts; only the first showing counts. */
export async function recordStaleNoticesShown(
  ids: string[],
  now = new Date(),
  policy: DraftExpiryPolicy = DRAFT_EXPIRY,
  database: ReportingDatabase = defaultDb,
): Promise<number> {
  if (!ids.length) return 0;
  return database.transaction('rw', database.drafts, database.edits, async () => {
    const rows = (await database.drafts.bulkGet(ids)).filter((r): r is StoredDraft => !!r);
    const times = await timesOf(database, rows);
    const first = rows.filter((r) => !!staleness(times.get(r.id)!, now, policy) && warningShownAt(times.get(r.id)!) === undefined);
    if (first.length) await database.drafts.bulkPut(first.map((r) => ({ ...r, staleNoticeShownAt: now.toISOString() })));
    return first.length;
  });
}

/** How often opening a draft is written down: staleness is counted in days, and each write wakes every window's watch. */
const OPENED_PRECISION_MS = 3_600_000;

/** The reporter opened the draft: it is in use again, and a warning about it no longer stands. */
export async function markDraftOpened(id: string, now = new Date(), database: ReportingDatabase = defaultDb): Promise<void> {
  await database.drafts
    .where('id')
    .equals(id)
    .filter((r) => !r.submittedAt && (r.staleNoticeShownAt !== undefined || now.getTime() - lastTouched(r) >= OPENED_PRECISION_MS))
    .modify((r) => {
      r.openedAt = now.toISOString();
      delete r.staleNoticeShownAt;
    });
}

export interface DeletedDraft {
  id: string;
  reference: string;
  kind: ReportKind;
  /** When the reporter last opened or changed it. */
  since: string;
}

/** Deletes the drafts whose warning was shown and whose notice days have passed; resolves to what went. */
export async function deleteExpiredDrafts(
  now = new Date(),
  policy: DraftExpiryPolicy = DRAFT_EXPIRY,
  database: ReportingDatabase = defaultDb,
): Promise<DeletedDraft[]> {
  return database.transaction('rw', database.drafts, database.edits, async () => {
    // Only rows that are candidates on their own times can be expired: a later change only makes them younger.
    const candidates = await database.drafts.filter((r) => isExpired(r, now, policy)).toArray();
    const times = await timesOf(database, candidates);
    const expired = candidates.filter((r) => isExpired(times.get(r.id)!, now, policy));
    if (!expired.length) return [];
    const ids = expired.map((r) => r.id);
    await database.drafts.bulkDelete(ids);
    await database.edits.where('draftId').anyOf(ids).delete();
    return expired.map((r) => ({ id: r.id, reference: r.reference, kind: r.kind, since: new Date(lastTouched(times.get(r.id)!)).toISOString() }));
  });
}
