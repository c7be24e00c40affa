// `npm run bench:register`: the breach register of 100,000 cases exported as CSV, streamed, on the embedded
// store (and PostgreSQL unless BENCH_STORES says otherwise). Prints the rows, bytes, time and the process's
// resident memory and heap before and at their peak during the export. The script runs with a 64 MB heap
// cap, so an export that held the cases in memory would die here (without the cap V8 collects lazily and
// the peak looks larger than what is live). Try BENCH_CASES=20000 beside the default. Asserts nothing.
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvStream } from '../src/server/register/csv.ts';
import { REGISTER_COLUMNS, registerPages, type RegisterEntry } from '../src/server/register/register.ts';
import { regulatorDb } from '../src/server/regulator/regulator-store.ts';
import { canonicalJson, sha256Hex } from '../src/server/storage/content-hash.ts';
import { openReportStore } from '../src/server/storage/report-store.ts';
import type { ReportsTable } from '../src/server/storage/tables.ts';
import { triageColumns } from '../src/server/storage/triage-columns.ts';
import { generateReference } from '../src/shared/reference.ts';
import { STORE_KINDS, createTestStore, type StoreKind } from '../test/support/server.ts';
import { casefileBreach } from '../test/unit/fixtures/casefile.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const STORES = (process.env.BENCH_STORES?.split(',') ?? STORE_KINDS).filter((s): s is StoreKind => (STORE_KINDS as readonly string[]).includes(s));
const BATCH = 500;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

for (const kind of STORES) {
  const test = await createTestStore(kind);
  const store = await openReportStore(test.location, { poolSize: 2 });
  try {
    // Filled straight into the table (what is measured is the export, not intake).
    const start = Date.UTC(2018, 0, 1);
    for (let i = 0; i < CASES; i += BATCH) {
      const rows: Insertable<ReportsTable>[] = [];
      for (let j = i; j < Math.min(CASES, i + BATCH); j++) {
        const day = new Date(start + (j % 1000) * 86_400_000);
        const report = {
          ...casefileBreach,
          id: randomUUID(),
          reference: generateReference(),
          discoveredAt: { day: String(day.getUTCDate()), month: String(day.getUTCMonth() + 1), year: String(day.getUTCFullYear()), time: '10:00' },
        };
        const json = canonicalJson(report);
        rows.push({ id: report.id, reference: report.reference, kind: report.kind, schema_version: 2, received_at: new Date().toISOString(), content_hash: sha256Hex(json), report: json, ...triageColumns(report) });
      }
      await store.db.transaction().execute((trx) => trx.insertInto('reports').values(rows).execute());
    }
    global.gc?.();
    const before = process.memoryUsage();
    let peak = before.rss;
    let peakHeap = before.heapUsed;
    // Sampled as the CSV is written (a timer may never fire: the SQLite driver answers without leaving the
    // microtask queue).
    const sample = () => {
      const now = process.memoryUsage();
      peak = Math.max(peak, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    };
    let bytes = 0;
    const t0 = performance.now();
    await pipeline(
      csvStream<RegisterEntry>(REGISTER_COLUMNS, registerPages(regulatorDb(store))),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          sample();
          done();
        },
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(
      `register CSV on ${kind}: ${CASES} cases, ${mb(bytes)} in ${seconds.toFixed(1)} s (${Math.round(CASES / seconds)} rows/s); RSS ${mb(before.rss)} before, ${mb(peak)} peak (+${mb(peak - before.rss)}); heap ${mb(before.heapUsed)} before, ${mb(peakHeap)} peak\n`,
    );
  } finally {
    await store.close();
    await test.remove();
  }
}
