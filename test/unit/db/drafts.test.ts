import { beforeEach, describe, expect, it } from 'vitest';
import { db, ReportingDatabase, type OutboxRecord } from '../../../src/db/database.ts';
import {
  createDraft,
  discardDraft,
  dropOrphanChanges,
  DraftNotFoundError,
  getDraft,
  listDrafts,
  listOutbox,
  ReportInvalidError,
  appendChanges,
  foldChanges,
  saveAnswers,
  saveDraft,
  sealChanges,
  submitDraft,
} from '../../../src/db/drafts.ts';
import { REFERENCE_PATTERN } from '../../../src/shared/reference.ts';
import { reportFromDraft, validateReport, type DraftAnswers, type Report } from '../../../src/shared/report.ts';
import { casefileBreach, copy, lostDevice } from '../fixtures/casefile.ts';
import { openSealed } from '../sealing-keys.ts';
import { decryptDraft, encryptClearDrafts } from '../../../src/db/draft-crypto.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const at = (iso: string) => new Date(iso);

/** What a reporter would have typed for `report`: everything but what the draft itself holds. */
function answersOf(report: Report): DraftAnswers {
  const { schemaVersion: _v, id: _i, reference: _r, kind: _k, createdAt: _c, timeZone: _z, ...answers } = copy(report);
  return answers;
}

/** Reads the drafts table over a second connection, so nothing can come from the first one's memory. */
async function readFresh<T>(read: (other: ReportingDatabase) => Promise<T>): Promise<T> {
  const other = new ReportingDatabase(db.name);
  try {
    return await read(other);
  } finally {
    other.close();
  }
}

beforeEach(async () => {
  await db.drafts.clear();
  await db.outbox.clear();
  await db.edits.clear();
});

describe('createDraft', () => {
  it('starts an empty draft with a UUID, an offline reference, the kind and the device time zone', async () => {
    const now = at('2019-12-20T17:40:00.000Z');
    const draft = await createDraft('data-breach', now);
    expect(draft.id).toMatch(UUID);
    expect(draft.reference).toMatch(REFERENCE_PATTERN);
    expect(draft.reference).toHaveLength(10);
    expect(draft.kind).toBe('data-breach');
    expect(draft.timeZone).toBe('Europe/London'); // TZ of the unit project
    expect(draft.createdAt).toBe(now.toISOString());
    expect(draft.updatedAt).toBe(now.toISOString());
    expect(draft.answers).toEqual({});
    expect(await readFresh(async (o) => decryptDraft((await o.drafts.get(draft.id))!, o))).toEqual(draft);
  });

  it('gives each draft its own id and reference', async () => {
    const drafts = await Promise.all([createDraft('lost-device'), createDraft('lost-device'), createDraft('other')]);
    expect(new Set(drafts.map((d) => d.id)).size).toBe(3);
    expect(new Set(drafts.map((d) => d.reference)).size).toBe(3);
    expect(await db.drafts.count()).toBe(3);
  });
});

describe('saveDraft', () => {
  it('keeps the answers, so a fresh read finds them', async () => {
    const draft = await createDraft('lost-device', at('2025-11-03T09:00:00Z'));
    const answers = answersOf(lostDevice);
    await saveDraft(draft.id, answers, at('2025-11-03T09:05:00Z'));
    const row = await readFresh((o) => o.drafts.get(draft.id));
    // At rest only ciphertext: no answer in clear, in the row or in the encrypted bytes read as text.
    expect(row).not.toHaveProperty('answers');
    expect(row!.sealedAnswers!.iv).toHaveLength(12);
    const bytes = new Uint8Array(row!.sealedAnswers!.data);
    for (const text of [new TextDecoder().decode(bytes), new TextDecoder('utf-16le').decode(bytes)]) expect(text).not.toContain(lostDevice.whatHappened!.slice(0, 12));
    const stored = await readFresh(async (o) => decryptDraft((await o.drafts.get(draft.id))!, o));
    expect(stored?.answers).toEqual(answers);
    expect(stored?.updatedAt).toBe('2025-11-03T09:05:00.000Z');
    expect(stored?.createdAt).toBe('2025-11-03T09:00:00.000Z');
    expect(stored?.reference).toBe(draft.reference);
  });

  it('replaces the answers: one removed since the last save is gone', async () => {
    const draft = await createDraft('lost-device');
    await saveDraft(draft.id, { whatHappened: 'Lost it', policeTold: 'yes', policeReference: 'CAD 1' });
    await saveDraft(draft.id, { whatHappened: 'Lost it on the train', policeTold: 'no' });
    expect((await getDraft(draft.id))?.answers).toEqual({ whatHappened: 'Lost it on the train', policeTold: 'no' });
  });

  it('saves the same answers twice without complaint', async () => {
    const draft = await createDraft('other');
    const now = at('2025-11-03T09:05:00Z');
    await saveDraft(draft.id, { whatHappened: 'x' }, now);
    await expect(saveDraft(draft.id, { whatHappened: 'x' }, now)).resolves.toBeUndefined();
  });

  it('throws DraftNotFoundError for a draft that is not there', async () => {
    const error = await saveDraft('2b1c6a1e-0000-4000-8000-000000000000', { whatHappened: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DraftNotFoundError);
    expect((error as DraftNotFoundError).id).toBe('2b1c6a1e-0000-4000-8000-000000000000');
    expect(await db.drafts.count()).toBe(0); // not created by the save
  });
});

describe('saveAnswers', () => {
  it('writes only the answers given, so two windows each keep the other\'s answers', async () => {
    const draft = await createDraft('lost-device');
    await saveAnswers(draft.id, new Map([['whatHappened', 'Lost it'], ['reporter.name', 'Sam']]));
    // Another window, which loaded the draft before those answers, changes other ones.
    await saveAnswers(draft.id, new Map<string, unknown>([['occurrence', 'incident'], ['reporter.email', 'sam@justice.gov.uk']]));
    // The same answer from both: the last change wins; undefined removes an answer.
    await saveAnswers(draft.id, new Map<string, unknown>([['whatHappened', 'Lost it on the train'], ['reporter.name', undefined]]));
    expect((await getDraft(draft.id))?.answers).toEqual({ whatHappened: 'Lost it on the train', occurrence: 'incident', reporter: { email: 'sam@justice.gov.uk' } });
  });

  it('throws DraftNotFoundError once the draft has been sent or deleted', async () => {
    const error = await saveAnswers('2b1c6a1e-0000-4000-8000-000000000000', new Map([['whatHappened', 'x']])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DraftNotFoundError);
    expect(await db.drafts.count()).toBe(0);
  });
});

describe('changes appended as they are typed', () => {
  it('are folded into the draft once the reporter pauses, and the draft reads the same before and after', async () => {
    const draft = await createDraft('lost-device');
    for (const text of ['L', 'Lo', 'Los', 'Lost']) await saveAnswers(draft.id, new Map([['whatHappened', text]]));
    expect(await db.edits.where('draftId').equals(draft.id).count()).toBe(4);
    const before = await getDraft(draft.id);
    await foldChanges(draft.id);
    expect(await db.edits.count()).toBe(0);
    expect(await getDraft(draft.id)).toEqual(before);
    expect(before?.answers).toEqual({ whatHappened: 'Lost' });
  });

  it('keep a change appended while a fold is under way, on top of what was folded', async () => {
    const draft = await createDraft('lost-device');
    await saveAnswers(draft.id, new Map([['whatHappened', 'Lost it']]));
    const sealed = await sealChanges([['whatHappened', 'Lost it on the train']]);
    // The other window's append lands between the fold's read and its write.
    await Promise.all([foldChanges(draft.id), appendChanges(draft.id, sealed)]);
    expect((await getDraft(draft.id))?.answers.whatHappened).toBe('Lost it on the train');
    await foldChanges(draft.id);
    expect((await getDraft(draft.id))?.answers.whatHappened).toBe('Lost it on the train');
  });

  it('are written encrypted: no answer text in any stored change', async () => {
    const draft = await createDraft('lost-device');
    await saveAnswers(draft.id, new Map([['whatHappened', 'marker-4f1e']]));
    const [edit] = await db.edits.toArray();
    expect(new TextDecoder().decode(edit!.sealed.data)).not.toContain('marker-4f1e');
  });

  it('appended after the draft was sent from another window are never read, and are dropped', async () => {
    const draft = await createDraft('lost-device');
    await saveAnswers(draft.id, new Map([['whatHappened', 'Lost it']]));
    await discardDraft(draft.id);
    await appendChanges(draft.id, await sealChanges([['whatHappened', 'Lost it on the train']]));
    expect(await getDraft(draft.id)).toBeUndefined();
    expect(await dropOrphanChanges()).toBe(1);
    expect(await db.edits.count()).toBe(0);
  });

  it('go with the draft when it is discarded', async () => {
    const draft = await createDraft('lost-device');
    await saveAnswers(draft.id, new Map([['whatHappened', 'x']]));
    await discardDraft(draft.id);
    expect(await db.edits.count()).toBe(0);
  });
});

describe('listDrafts and getDraft', () => {
  it('lists drafts newest (last changed) first', async () => {
    const a = await createDraft('lost-device', at('2025-11-03T09:00:00Z'));
    const b = await createDraft('compromised', at('2025-11-03T10:00:00Z'));
    const c = await createDraft('other', at('2025-11-03T11:00:00Z'));
    expect((await listDrafts()).map((d) => d.id)).toEqual([c.id, b.id, a.id]);
    await saveDraft(a.id, { whatHappened: 'more' }, at('2025-11-03T12:00:00Z'));
    expect((await listDrafts()).map((d) => d.id)).toEqual([a.id, c.id, b.id]);
  });

  it('getDraft finds a draft by id, and nothing for an unknown one', async () => {
    const a = await createDraft('other');
    expect((await getDraft(a.id))?.kind).toBe('other');
    expect(await getDraft('nope')).toBeUndefined();
    expect(await listDrafts()).toHaveLength(1);
  });
});

describe('discardDraft', () => {
  it('removes that draft only', async () => {
    const keep = await createDraft('other');
    const gone = await createDraft('lost-device');
    await discardDraft(gone.id);
    expect(await getDraft(gone.id)).toBeUndefined();
    expect((await listDrafts()).map((d) => d.id)).toEqual([keep.id]);
    await expect(discardDraft(gone.id)).resolves.toBeUndefined(); // twice is harmless
  });
});

describe('reportFromDraft', () => {
  it('builds the report from the draft’s own fields and the answers that still apply', async () => {
    const draft = await createDraft('data-breach');
    const report = reportFromDraft({ ...draft, answers: { ...answersOf(casefileBreach), happenedKnown: 'no' } }) as Record<string, unknown>;
    expect(report).toMatchObject({ schemaVersion: 2, id: draft.id, reference: draft.reference, kind: 'data-breach', createdAt: draft.createdAt, timeZone: draft.timeZone });
    expect(report).not.toHaveProperty('happenedAt');
    expect(validateReport(report).ok).toBe(true);
  });
});

describe('submitDraft', () => {
  async function breachDraft(answers: DraftAnswers = answersOf(casefileBreach)) {
    const draft = await createDraft('data-breach', at('2019-12-20T17:40:00Z'));
    await saveDraft(draft.id, answers, at('2019-12-20T18:10:00Z'));
    return draft;
  }

  it('seals a valid draft into the outbox, waiting, with the 72-hour deadline, and keeps the draft out of the list until the receipt', async () => {
    const draft = await breachDraft();
    const record = await submitDraft(draft.id, at('2019-12-20T18:16:00Z'));

    const expected = { ...casefileBreach, id: draft.id, reference: draft.reference, createdAt: draft.createdAt };
    expect(record).toEqual<OutboxRecord>({
      id: draft.id,
      reference: draft.reference,
      kind: 'data-breach',
      createdAt: '2019-12-20T17:40:00.000Z',
      submittedAt: '2019-12-20T18:16:00.000Z',
      status: 'waiting',
      body: { format: 'jwe', jwe: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/) },
      regulatorDeadline: '2019-12-21T16:42:00.000Z',
      timeZone: 'Europe/London',
      attempts: 0,
    });
    expect(await readFresh((o) => o.outbox.toArray())).toEqual([record]);
    expect(await listOutbox()).toEqual([record]);
    expect(await openSealed(record.body)).toEqual(expected);
    expect(JSON.stringify(record)).not.toContain(casefileBreach.whatHappened!.slice(0, 30));
    expect(await getDraft(draft.id)).toBeUndefined();
    expect(await listDrafts()).toEqual([]);
    expect(await readFresh((o) => o.drafts.get(draft.id))).toMatchObject({ submittedAt: '2019-12-20T18:16:00.000Z' });
  });

  it('sends only the answers that still apply', async () => {
    const draft = await breachDraft({ ...answersOf(casefileBreach), happenedKnown: 'no' });
    const record = await submitDraft(draft.id);
    const sent = await openSealed(record.body);
    expect(sent).not.toHaveProperty('happenedAt');
    expect(sent.discoveredAt).toEqual(casefileBreach.discoveredAt);
  });

  it('starts the regulator clock when it is not known whether personal data is involved', async () => {
    const draft = await createDraft('lost-device');
    await saveDraft(draft.id, answersOf({ ...lostDevice, personalData: 'not-known' }));
    const record = await submitDraft(draft.id);
    expect(record.regulatorDeadline).toBeDefined();
  });

  it('gives no regulator deadline to a report without personal data', async () => {
    const draft = await createDraft('lost-device');
    await saveDraft(draft.id, answersOf({ ...lostDevice, personalData: 'no' }));
    const record = await submitDraft(draft.id);
    expect(record.kind).toBe('lost-device');
    expect(record).not.toHaveProperty('regulatorDeadline');
    expect(await openSealed(record.body)).toMatchObject({ policeReference: lostDevice.policeReference, lastSeenState: 'asleep' });
  });

  it('refuses an incomplete draft with the fields to fix, and leaves the draft and the outbox as they were', async () => {
    const answers = answersOf(casefileBreach);
    delete answers.whatHappened;
    delete answers.breach!.dataCategoriesOther;
    const draft = await breachDraft(answers);
    const before = await getDraft(draft.id);

    const error = await submitDraft(draft.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReportInvalidError);
    const paths = (error as ReportInvalidError).errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['whatHappened', 'breach.dataCategoriesOther']));
    expect((error as Error).message).toContain('whatHappened');

    expect(await getDraft(draft.id)).toEqual(before);
    expect(await db.outbox.count()).toBe(0);
  });

  it('submits a draft once: the second attempt finds no draft and adds nothing', async () => {
    const draft = await breachDraft();
    const outcomes = await Promise.allSettled([submitDraft(draft.id), submitDraft(draft.id)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const failures = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(DraftNotFoundError);
    await expect(submitDraft(draft.id)).rejects.toBeInstanceOf(DraftNotFoundError);
    expect((await listOutbox()).map((r) => r.id)).toEqual([draft.id]);
  });

  it('is atomic: when the outbox write fails, the draft stays', async () => {
    const draft = await breachDraft();
    // A record already in the outbox under the same id makes the add fail inside the transaction.
    const squatter: OutboxRecord = {
      id: draft.id, reference: 'ZZZZZZZZZZ', kind: 'other', createdAt: draft.createdAt, submittedAt: draft.createdAt,
      status: 'sent', timeZone: 'Europe/London', attempts: 1,
    };
    await db.outbox.add(squatter);

    await expect(submitDraft(draft.id)).rejects.toMatchObject({ name: 'ConstraintError' });
    expect(await getDraft(draft.id)).toMatchObject({ id: draft.id, answers: answersOf(casefileBreach) });
    expect(await db.outbox.toArray()).toEqual([squatter]);
  });

  it('lists the outbox newest first', async () => {
    const first = await breachDraft();
    const second = await createDraft('lost-device');
    await saveDraft(second.id, answersOf(lostDevice));
    await submitDraft(first.id, at('2025-11-03T09:00:00Z'));
    await submitDraft(second.id, at('2025-11-03T10:00:00Z'));
    expect((await listOutbox()).map((r) => r.id)).toEqual([second.id, first.id]);
    expect(await listDrafts()).toEqual([]);
  });
});

describe('drafts written in clear by an earlier build', () => {
  it('are read as they are, then encrypted on open unless changed meanwhile', async () => {
    const draft = await createDraft('lost-device', at('2025-11-03T09:00:00Z'));
    const { sealedAnswers: _s, ...row } = (await db.drafts.get(draft.id))!;
    const answers = answersOf(lostDevice);
    await db.drafts.put({ ...row, answers });
    expect((await getDraft(draft.id))?.answers).toEqual(answers);
    expect(await encryptClearDrafts()).toBe(1);
    const raw = await readFresh((o) => o.drafts.get(draft.id));
    expect(raw).not.toHaveProperty('answers');
    expect((await getDraft(draft.id))?.answers).toEqual(answers);
    expect(await encryptClearDrafts()).toBe(0);
  });
});
