// `npm run bench:console`: how long the incident team's queue takes to answer its first page when 100,000
// cases are open, on each store. Fills a fresh store straight through SQL (reports of every kind, about a
// third with a regulator deadline, a spread of severities and owners), opens their cases, then asks for the
// first page (and one filtered first page) repeatedly. Prints figures, asserts nothing.
// Env: BENCH_CASES (default 100000), BENCH_STORES (default "sqlite,postgres").
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { severityOrder, SEVERITIES } from '../src/shared/case-model.ts';
import { caseStoreOf } from '../src/server/storage/case-store.ts';
import { openReportStore } from '../src/server/storage/report-store.ts';
import { generateReference } from '../src/shared/reference.ts';
import { STORE_KINDS, createTestStore, type StoreKind } from '../test/support/server.ts';
import { canonicalJson } from '../src/server/storage/content-hash.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const PAGE = 50;
const RUNS = 200;
const STORES = (process.env.BENCH_STORES?.split(',') ?? STORE_KINDS).filter((s): s is StoreKind => (STORE_KINDS as readonly string[]).includes(s));
const KINDS = ['lost-device', 'compromised', 'data-breach', 'other'];
const AREAS = ['HMCTS', 'HMPPS', 'LAA', 'OPG', 'MoJ HQ'];
const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(kind: StoreKind): Promise<void> {
  const testStore = await createTestStore(kind);
  const store = await openReportStore(testStore.location);
  const cases = caseStoreOf(store);
  try {
    const now = Date.now();
    const BATCH = 500;
    for (let start = 0; start < CASES; start += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, CASES - start) }, (_, i) => {
        const n = start + i;
        const receivedAt = new Date(now - Math.floor(Math.random() * 90 * DAY));
        const personal = n % 3 === 0 ? 'yes' : 'no';
        const report = { kind: KINDS[n % 4], reporter: { businessArea: AREAS[n % AREAS.length] }, whatHappened: 'bench' };
        return {
          id: randomUUID(),
          reference: generateReference(),
          kind: KINDS[n % 4]!,
          schema_version: 2,
          received_at: receivedAt.toISOString(),
          content_hash: 'bench',
          report: canonicalJson(report),
          personal_data: personal,
          occurrence: n % 10 === 0 ? 'near-miss' : 'incident',
          discovered_at: receivedAt.toISOString(),
          regulator_deadline: personal === 'yes' ? new Date(receivedAt.getTime() + 3 * DAY).toISOString() : null,
        };
      });
      await store.db.transaction().execute((trx) => trx.insertInto('reports').values(rows).execute());
    }
    await cases.openNewCases();
    // A spread of severities and owners, as a queue that has been worked on would have.
    for (const [i, severity] of SEVERITIES.entries()) {
      await cases.db
        .updateTable('cases')
        .set({ severity, severity_order: severityOrder(severity), status: 'triaged', owner_id: `owner-${i}`, owner_name: `Owner ${i}` })
        .where(sql<boolean>`substr(reference, 1, 1) in (${sql.join([...'ABCDEFGHJK'.slice(i * 3, i * 3 + 3)])})`)
        .execute();
    }
    await sql`analyze`.execute(cases.db);
    const open = await cases.queue({}, null, 1);
    if (open.rows.length === 0) throw new Error('no open cases');

    const time = async (run: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        await run();
        samples.push(performance.now() - t);
      }
      return percentile(samples.sort((a, b) => a - b), 95);
    };
    const first = await time(() => cases.queue({}, null, PAGE));
    const second = await cases.queue({}, null, PAGE);
    const next = await time(() => cases.queue({}, second.next, PAGE));
    const filtered = await time(() => cases.queue({ kind: 'data-breach', severity: 'high' }, null, PAGE));
    const byReference = await time(() => cases.queue({ reference: open.rows[0]!.reference }, null, PAGE));
    console.log(`console queue: ${first.toFixed(1)} ms p95 for the first page of ${CASES} cases (${kind}, ${PAGE} a page; next page ${next.toFixed(1)} ms, filtered by kind and severity ${filtered.toFixed(1)} ms, by reference ${byReference.toFixed(1)} ms)`);
  } finally {
    await store.close();
    await testStore.remove();
  }
}

for (const kind of STORES) await measure(kind);
