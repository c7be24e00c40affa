// Reports that arrive together are committed together (one statement, one transaction), and each caller still
// gets the answer it would get alone: a replay its original receipt, a different report under a stored id a
// conflict, a report whose reference another has a new reference. Every call here is made in one turn of the
// event loop, so they share a batch, on both stores.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReportStore, type ReportStore, type SaveOutcome } from '../../src/server/storage/report-store.ts';
import { buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTestStore, listStoredReports, type TestStore } from '../support/server.ts';

describe.each(STORE_KINDS)('reports saved together on %s', (kind) => {
  let testStore: TestStore;
  let store: ReportStore;

  beforeEach(async () => {
    testStore = await createTestStore(kind);
    store = await openReportStore(testStore.location);
  });
  afterEach(async () => {
    await store.close();
    await testStore.remove();
  });

  it('each get their own answer: new ones stored, a copy in the same batch and a stored one replayed, a changed one refused', async () => {
    const stored = buildReport();
    const before = await store.saveReport(stored);
    const twice = buildReport();
    const changed = buildReport();
    const fresh = Array.from({ length: 20 }, () => buildReport());

    const [first, copy, original, conflicting, replay, storedChanged, ...rest] = await Promise.all([
      store.saveReport(twice),
      store.saveReport({ ...twice, id: twice.id.toUpperCase() }),
      store.saveReport(changed),
      store.saveReport({ ...changed, whatHappened: 'Something else entirely.' }),
      store.saveReport(stored),
      store.saveReport({ ...stored, whatHappened: 'Changed after sending.' }),
      ...fresh.map((r) => store.saveReport(r)),
    ]);

    expect(first).toEqual(created(twice));
    expect(copy).toEqual({ outcome: 'replayed', receipt: first!.receipt });
    expect(original).toEqual(created(changed));
    expect(conflicting).toEqual({ outcome: 'conflict', receipt: original!.receipt });
    expect(replay).toEqual({ outcome: 'replayed', receipt: before.receipt });
    expect(storedChanged).toEqual({ outcome: 'conflict', receipt: before.receipt });
    rest.forEach((outcome, i) => expect(outcome).toEqual(created(fresh[i]!)));

    const rows = await listStoredReports(testStore.location);
    expect(rows.map((r) => r.id).sort()).toEqual([stored, twice, changed, ...fresh].map((r) => r.id).sort());
  });

  it('retries alone the reports of a batch in which a reference clashes, and gives the clashing one a new reference', async () => {
    const holder = buildReport();
    await store.saveReport(holder);
    const clashing = buildReport({ reference: holder.reference });
    const others = Array.from({ length: 10 }, () => buildReport());

    const [moved, ...rest] = await Promise.all([store.saveReport(clashing), ...others.map((r) => store.saveReport(r))]);

    expect(moved!.outcome).toBe('created');
    expect(moved!.receipt.id).toBe(clashing.id);
    expect(moved!.receipt.reference).not.toBe(holder.reference);
    rest.forEach((outcome, i) => expect(outcome).toEqual(created(others[i]!)));
    // Its replay keeps the new reference.
    expect(await store.saveReport(clashing)).toEqual({ outcome: 'replayed', receipt: moved!.receipt });
    const rows = await listStoredReports(testStore.location);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(12);
  });
});

/** What a first save of this report answers: stored, under its own id and reference. */
function created(report: { id: string; reference: string }): SaveOutcome {
  return { outcome: 'created', receipt: { id: report.id, reference: report.reference, receivedAt: expect.any(String) as unknown as string } };
}
