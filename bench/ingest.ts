// `npm run bench:ingest`: how much of the store's raw insert rate the HTTP endpoint keeps.
// For each store (embedded SQLite, PostgreSQL): 32 concurrent saveReport calls straight into the storage
// module (no HTTP, no validation), then 32 autocannon connections POSTing to a real endpoint process, ~5 KB
// reports with fresh ids. A fresh store for each measurement; traffic to 127.0.0.1 only; bounded by time.
// Prints figures, asserts nothing. Env: BENCH_SECONDS (default 10), BENCH_STORES (default "sqlite,postgres").
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { openReportStore } from '../src/server/storage/report-store.ts';
import { generateReference } from '../src/shared/reference.ts';
import { validateReport, type Report } from '../src/shared/report.ts';
import { API_REPORTS } from '../src/shared/wire.ts';
import { buildLargeReport } from '../test/support/fixtures.ts';
import { STORE_KINDS, createTestStore, startEndpoint, type StoreKind } from '../test/support/server.ts';

const CONNECTIONS = 32;
const REPORT_BYTES = 5000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const STORES = (process.env.BENCH_STORES?.split(',') ?? STORE_KINDS).filter((s): s is StoreKind => (STORE_KINDS as readonly string[]).includes(s));

interface Measurement {
  store: StoreKind;
  path: string;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

// One template, fresh id and reference per request: building 5 KB bodies must not be what is measured.
const template = buildLargeReport(REPORT_BYTES);
const check = validateReport(template);
if (!check.ok) throw new Error(`The bench report is not valid: ${JSON.stringify(check.errors)}`);
const [head, rest] = splitOnce(JSON.stringify({ ...template, id: '@ID@', reference: '@REF@' }), '"@ID@"');
const [middle, tail] = splitOnce(rest, '"@REF@"');
const freshBody = () => `${head}"${randomUUID()}"${middle}"${generateReference()}"${tail}`;
const freshReport = (): Report => ({ ...template, id: randomUUID(), reference: generateReference() });

function splitOnce(text: string, marker: string): [string, string] {
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found`);
  return [text.slice(0, at), text.slice(at + marker.length)];
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

async function measureStorage(kind: StoreKind): Promise<Measurement> {
  const testStore = await createTestStore(kind);
  const store = await openReportStore(testStore.location);
  try {
    const run = async (seconds: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const deadline = performance.now() + seconds * 1000;
      const loop = async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          try {
            const saved = await store.saveReport(freshReport());
            if (saved.outcome !== 'created') failures++;
          } catch {
            failures++;
          }
          latencies.push(performance.now() - started);
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, loop));
      return { latencies, failures, elapsed: (performance.now() - started) / 1000 };
    };
    await run(WARMUP_SECONDS);
    const { latencies, failures, elapsed } = await run(SECONDS);
    latencies.sort((a, b) => a - b);
    return {
      store: kind,
      path: 'storage module, no HTTP',
      requests: latencies.length,
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures,
    };
  } finally {
    await store.close();
    await testStore.remove();
  }
}

async function measureEndpoint(kind: StoreKind): Promise<Measurement> {
  // LOG_LEVEL=warn: one JSON log line per request would be measured too (and piped into this process).
  const endpoint = await startEndpoint({ store: kind, env: { LOG_LEVEL: 'warn' } });
  try {
    const cookie = await endpoint.session();
    const load = (seconds: number) =>
      autocannon({
        url: `${endpoint.url}${API_REPORTS}`,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', cookie },
            setupRequest: (request) => ({ ...request, body: freshBody() }),
          },
        ],
      });
    await load(WARMUP_SECONDS);
    const result = await load(SECONDS);
    return {
      store: kind,
      path: 'HTTP endpoint (POST)',
      requests: result['2xx'],
      perSecond: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await endpoint.close();
  }
}

const results: Measurement[] = [];
for (const kind of STORES) {
  process.stdout.write(`${kind}: storage module...\n`);
  results.push(await measureStorage(kind));
  process.stdout.write(`${kind}: HTTP endpoint...\n`);
  results.push(await measureEndpoint(kind));
}

const round = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const rows = [
  ['store', 'path', 'stored', 'per second', 'p50 ms', 'p99 ms', 'failures'],
  ...results.map((m) => [m.store, m.path, String(m.requests), round(m.perSecond), round(m.p50, 1), round(m.p99, 1), String(m.failures)]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');

process.stdout.write(
  `\nIngest of ${freshBody().length}-byte reports, ${CONNECTIONS} concurrent, ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; ` +
    `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n\n`,
);
process.stdout.write(`${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
process.stdout.write('\n');
for (const kind of STORES) {
  const raw = results.find((m) => m.store === kind && m.path.startsWith('storage'));
  const http = results.find((m) => m.store === kind && m.path.startsWith('HTTP'));
  if (raw && http) process.stdout.write(`${kind}: endpoint / raw insert rate = ${round((100 * http.perSecond) / raw.perSecond)}%\n`);
}
