// Disposal on both stores: a closed case past its period is gone from every table and from the register,
// its tombstone remains; an exempt case and a recently closed one stay; a dry run deletes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BY_SCHEDULE, disposeDue, setRetention, tombstones } from '../../src/server/disposal/dispose.ts';
import { regulatorDb, regulatorStoreOf } from '../../src/server/regulator/regulator-store.ts';
import { REGULATOR_TABLES } from '../../src/server/regulator/regulator-tables.ts';
import { registerPages } from '../../src/server/register/register.ts';
import type { ReportStore } from '../../src/server/storage/report-store.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';
import { casefileBreach, compromised, copy } from '../unit/fixtures/casefile.ts';

const NOW = new Date('2022-06-01T09:00:00Z');

describe.each(STORE_KINDS)('disposal on %s', (kind) => {
  let test: TestStore;
  let store: ReportStore;
  // A breach past its period, with regulator records; the case file's own breach, exempt; a case closed last year.
  const old = { ...copy(casefileBreach), id: 'aaaaaaaa-1111-4222-8333-444444444444', reference: 'OLDCASE234' };
  const exempt = copy(casefileBreach);
  const recent = copy(compromised);

  beforeAll(async () => {
    test = await createTestStore(kind);
    store = await openStoreAt(test.location);
    const db = regulatorDb(store);
    for (const r of [old, exempt, recent]) await store.saveReport(r);
    await db.updateTable('reports').set({ status: 'closed' }).execute();
    const regulator = regulatorStoreOf(store);
    await regulator.recordDecision(old.id, { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: '2019-12-20T17:00:00Z' });
    await regulator.recordSubmission(old.id, { reportType: 'initial', sentAt: '2019-12-20T18:16:00Z', sentBy: 'Data Compliance' });
    await regulator.recordResponse(old.id, { kind: 'acknowledgement', receivedAt: '2019-12-23T11:23:00Z', icoReference: 'IC-31191-G5C6', recordedBy: 'Data Compliance' });
    await regulator.recordSubmission(old.id, { reportType: 'follow-up', sentAt: '2019-12-31T20:02:00Z', sentBy: 'Data Compliance' });
    await regulator.recordTold(old.id, { audience: 'data-subjects', toldAt: '2019-12-20T16:00:00Z', method: 'Intranet', toldBy: 'Data Protection Team' });
    await setRetention(db, old.id, { closedAt: '2020-01-14T16:00:00.000Z' });
    await setRetention(db, exempt.id, { closedAt: '2020-01-14T16:00:00.000Z', exempt: true, exemptReason: 'The case file: kept as a demonstration' });
    await setRetention(db, recent.id, { closedAt: '2021-09-01T10:00:00.000Z' });
  });
  afterAll(async () => {
    await store?.close();
    await test?.remove();
  });

  it('a dry run lists the case past its period and deletes nothing', async () => {
    const run = await disposeDue(regulatorDb(store), store.dialect, { retentionYears: 2, now: NOW, dryRun: true });
    expect(run.cases.map((c) => c.reference)).toEqual([old.reference]);
    expect(await store.countReports()).toBe(3);
    expect(await tombstones(regulatorDb(store))).toEqual([]);
  });

  it('disposes of it: gone from every table and the register, a tombstone remains; the others stay', async () => {
    const db = regulatorDb(store);
    const run = await disposeDue(db, store.dialect, { retentionYears: 2, now: NOW });
    expect(run.cases.map((c) => c.reference)).toEqual([old.reference]);

    expect(await store.findReport(old.id)).toBeUndefined();
    for (const table of [...REGULATOR_TABLES, 'case_retention'] as const) {
      const left = await db.selectFrom(table).select('report_id').where('report_id', '=', old.id).execute();
      expect(left, table).toEqual([]);
    }
    const register: string[] = [];
    for await (const page of registerPages(db)) register.push(...page.map((e) => e.reference));
    expect(register).toEqual([exempt.reference]);

    const [tomb, ...more] = await tombstones(db);
    expect(more).toEqual([]);
    expect({ ...tomb, received_at: undefined, discovered_at: new Date(tomb!.discovered_at!).toISOString(), closed_at: new Date(tomb!.closed_at).toISOString(), disposed_at: new Date(tomb!.disposed_at).toISOString() }).toEqual({
      report_id: old.id,
      reference: old.reference,
      kind: 'data-breach',
      received_at: undefined,
      discovered_at: '2019-12-18T16:42:00.000Z',
      closed_at: '2020-01-14T16:00:00.000Z',
      disposed_at: NOW.toISOString(),
      disposed_by: BY_SCHEDULE,
    });
    expect((await store.findReport(exempt.id))?.reference).toBe(exempt.reference);
    expect((await store.findReport(recent.id))?.reference).toBe(recent.reference);

    // Run again: nothing more is due.
    expect((await disposeDue(db, store.dialect, { retentionYears: 2, now: NOW })).cases).toEqual([]);
  });

  it('disposes of the recent case once its own period has passed, by a named person', async () => {
    const db = regulatorDb(store);
    const run = await disposeDue(db, store.dialect, { retentionYears: 2, now: new Date('2023-09-02T00:00:00Z'), by: 'Amie Alekna' });
    expect(run.cases.map((c) => c.reference)).toEqual([recent.reference]);
    expect((await tombstones(db)).map((t) => t.disposed_by)).toEqual([BY_SCHEDULE, 'Amie Alekna']);
    expect(await store.countReports()).toBe(1);
  });
});
