// How long a draft nobody opens stays on a device. A draft can hold what a reporter typed about people and
// devices; one abandoned on a phone that is later lost is a leak waiting to happen. It is never deleted
// silently: the start page first warns the reporter, and only a warning they were shown starts the last wait.

/** Days a draft may go without being opened or changed before the start page warns that it will be deleted. */
export const STALE_DRAFT_DAYS = 30;

/** Days after the reporter was first shown that warning before the draft is deleted, if still not opened. */
export const STALE_DRAFT_NOTICE_DAYS = 7;

export const DAY_MS = 86_400_000;

export interface DraftExpiryPolicy {
  staleAfterDays: number;
  noticeDays: number;
}

export const DRAFT_EXPIRY: DraftExpiryPolicy = { staleAfterDays: STALE_DRAFT_DAYS, noticeDays: STALE_DRAFT_NOTICE_DAYS };
