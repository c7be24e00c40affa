// Stale drafts on a clock of the test's own (every function takes `now`): flagged after STALE_DRAFT_DAYS
// untouched, deleted only once the reporter was shown the warning and STALE_DRAFT_NOTICE_DAYS more passed;
// opening or changing the draft clears the warning; a draft never shown the warning is never deleted.
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../src/db/database.ts';
import { createDraft, saveAnswers, saveDraft, submitDraft, listDrafts, getDraft } from '../../../src/db/drafts.ts';
import { deleteExpiredDrafts, markDraftOpened, recordStaleNoticesShown, staleness } from '../../../src/db/stale-drafts.ts';
import { DAY_MS, STALE_DRAFT_DAYS, STALE_DRAFT_NOTICE_DAYS } from '../../../src/shared/draft-expiry.ts';
import { lostDevice } from '../fixtures/casefile.ts';
import { answersOf } from '../app/helpers.tsx';

const START = Date.parse('2026-03-01T09:00:00Z');
/** The instant `days` (fractions allowed) after the draft was started. */
const day = (days: number) => new Date(START + days * DAY_MS);
const ids = async () => (await db.drafts.toArray()).map((d) => d.id).sort();

beforeEach(async () => {
  await db.drafts.clear();
  await db.edits.clear();
  await db.outbox.clear();
});

describe('stale drafts', () => {
  it('uses a 30-day limit and a 7-day notice by default', () => {
    expect(STALE_DRAFT_DAYS).toBe(30);
    expect(STALE_DRAFT_NOTICE_DAYS).toBe(7);
  });

  it('flags a draft untouched for 30 days, saying since when and the day it will go', async () => {
    const draft = await createDraft('lost-device', day(0));
    expect(staleness(draft, day(29.9))).toBeUndefined();
    expect(staleness(draft, day(30))).toEqual({ since: day(0), deleteOn: day(37) });
  });

  it('never deletes a draft whose warning was never shown, even after 60 days (or a year)', async () => {
    const draft = await createDraft('lost-device', day(0));
    expect(await deleteExpiredDrafts(day(60))).toEqual([]);
    expect(await deleteExpiredDrafts(day(365))).toEqual([]);
    expect(await ids()).toEqual([draft.id]);
  });

  it('deletes it 7 days after the warning was first shown, not before, and says what went', async () => {
    const draft = await createDraft('lost-device', day(0));
    const kept = await createDraft('other', day(20));
    expect(await recordStaleNoticesShown([draft.id, kept.id], day(31))).toBe(1); // the other one is not stale
    // A later showing does not move the date: only the first counts.
    expect(await recordStaleNoticesShown([draft.id], day(35))).toBe(0);
    expect((await getDraft(draft.id))!.staleNoticeShownAt).toBe(day(31).toISOString());
    expect(staleness((await getDraft(draft.id))!, day(35))).toEqual({ since: day(0), deleteOn: day(38) });

    expect(await deleteExpiredDrafts(day(37.99))).toEqual([]);
    expect(await deleteExpiredDrafts(day(38))).toEqual([{ id: draft.id, reference: draft.reference, kind: 'lost-device', since: day(0).toISOString() }]);
    expect(await ids()).toEqual([kept.id]);
  });

  it('is not stale once opened: opening clears the warning, and the count starts again', async () => {
    const draft = await createDraft('lost-device', day(0));
    await recordStaleNoticesShown([draft.id], day(31));
    await markDraftOpened(draft.id, day(33));
    const opened = (await getDraft(draft.id))!;
    expect(opened.staleNoticeShownAt).toBeUndefined();
    expect(opened.openedAt).toBe(day(33).toISOString());
    expect(opened.updatedAt).toBe(day(0).toISOString()); // opening is not a change
    expect(staleness(opened, day(40))).toBeUndefined();
    expect(await deleteExpiredDrafts(day(45))).toEqual([]);
    // Stale again 30 days after the opening: a new warning must be shown before it can go.
    expect(staleness(opened, day(63))).toEqual({ since: day(33), deleteOn: day(70) });
    expect(await deleteExpiredDrafts(day(100))).toEqual([]);
    expect(await ids()).toEqual([draft.id]);
  });

  it('is not stale once changed: a warning from before the change no longer stands, even before the change is folded in', async () => {
    const draft = await createDraft('lost-device', day(0));
    await recordStaleNoticesShown([draft.id], day(31));
    // A change is appended to the draft (src/db/drafts.ts); its row keeps its old time until the change is folded.
    await saveAnswers(draft.id, new Map([['whatHappened', 'Left on a train']]), day(34));
    expect((await db.drafts.get(draft.id))!.updatedAt).toBe(day(0).toISOString());
    const changed = (await getDraft(draft.id))!;
    expect(changed.answers.whatHappened).toBe('Left on a train');
    expect(staleness(changed, day(40))).toBeUndefined();
    expect(await deleteExpiredDrafts(day(60))).toEqual([]);
    // Stale again 30 days after the change: only a new warning, shown then, can start the last wait.
    expect(await recordStaleNoticesShown([draft.id], day(50))).toBe(0);
    expect(await recordStaleNoticesShown([draft.id], day(64))).toBe(1);
    expect(await deleteExpiredDrafts(day(70.99))).toEqual([]);
    expect((await deleteExpiredDrafts(day(71))).map((d) => d.since)).toEqual([day(34).toISOString()]);
    expect(await db.edits.count()).toBe(0);
  });

  it('clears the warning when the whole draft is saved', async () => {
    const draft = await createDraft('lost-device', day(0));
    await recordStaleNoticesShown([draft.id], day(31));
    await saveDraft(draft.id, { whatHappened: 'Left on a bus' }, day(33));
    expect((await getDraft(draft.id))!.staleNoticeShownAt).toBeUndefined();
  });

  it('does not count a warning from before the draft was last opened, even if clearing it was lost', async () => {
    const draft = await createDraft('lost-device', day(0));
    await recordStaleNoticesShown([draft.id], day(31));
    // As if the opening's write had landed without clearing the warning (an older tab's write).
    await db.drafts.update(draft.id, { openedAt: day(32).toISOString() });
    expect(await deleteExpiredDrafts(day(61))).toEqual([]);
    expect(staleness((await getDraft(draft.id))!, day(62))).toEqual({ since: day(32), deleteOn: day(69) });
  });

  it('writes an opening down at most once an hour when there is no warning to clear', async () => {
    const draft = await createDraft('lost-device', day(0));
    await markDraftOpened(draft.id, new Date(START + 30 * 60_000));
    expect((await getDraft(draft.id))!.openedAt).toBeUndefined();
    await markDraftOpened(draft.id, day(1));
    expect((await getDraft(draft.id))!.openedAt).toBe(day(1).toISOString());
  });

  it('leaves alone a draft kept only until its report’s receipt', async () => {
    const draft = await createDraft('lost-device', day(0));
    await saveAnswers(draft.id, new Map(Object.entries(answersOf(lostDevice))), day(0));
    await submitDraft(draft.id, day(0));
    expect(await listDrafts()).toEqual([]);
    const kept = (await db.drafts.get(draft.id))!;
    expect(staleness(kept, day(90))).toBeUndefined();
    expect(await recordStaleNoticesShown([draft.id], day(90))).toBe(0);
    expect(await deleteExpiredDrafts(day(200))).toEqual([]);
    expect(await db.drafts.count()).toBe(1);
  });
});
