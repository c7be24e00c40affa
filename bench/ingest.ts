// `npm run bench:ingest`: how much of the store's raw insert rate the HTTP endpoint keeps.
// For each store (embedded SQLite, PostgreSQL), on a fresh store each time:
// - raw: the driver called directly (better-sqlite3 with the endpoint's durability settings; pg with a pool of
//   32), one INSERT per transaction, 32 at a time, the same ~5 KB rows the endpoint stores;
// - endpoint: 32 autocannon connections POSTing ~5 KB reports with fresh ids to a real endpoint process.
// Traffic to 127.0.0.1 only; bounded by time. Prints figures, asserts nothing; its last lines, one per store:
//   ingest <store>: <N> reports/s endpoint, <M> raw, <P>% of raw, p99 <T> ms
// Also prints the endpoint's CPU time per report and, on PostgreSQL, the store's (all its processes), read from /proc: on a
// machine whose speed varies between runs, these tell where a change moved the work when the rates cannot.
// Raw and endpoint take turns, BENCH_ROUNDS times (default 5: the machine's speed moves between rounds); the last lines give each figure's median.
// Env: BENCH_SECONDS (default 10), BENCH_STORES (default "sqlite,postgres"); BENCH_NOTIFY_MS sets the console
// loop's interval (to see what the loop costs), BENCH_NODE_OPTIONS the endpoint's NODE_OPTIONS.
import fs from 'node:fs';
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { openReportStore, openSqliteFile, reportRow } from '../src/server/storage/report-store.ts';
import { generateReference } from '../src/shared/reference.ts';
import { validateReport, type Report } from '../src/shared/report.ts';
import { API_REPORTS } from '../src/shared/wire.ts';
import { buildLargeReport } from '../test/support/fixtures.ts';
import { BUILT_ENTRY, STORE_KINDS, createTestStore, startEndpoint, type StoreKind, type TestStore } from '../test/support/server.ts';

const CONNECTIONS = 32;
const REPORT_BYTES = 5000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
// Linux's USER_HZ, the unit of /proc/<pid>/stat's times, is 100 on every architecture Node runs on.
const CLOCK_TICKS_PER_SECOND = 100;
// Raw and endpoint measured in turn this many times per store; the summary lines give medians.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const STORES = (process.env.BENCH_STORES?.split(',') ?? STORE_KINDS).filter((s): s is StoreKind => (STORE_KINDS as readonly string[]).includes(s));

interface Measurement {
  store: StoreKind;
  path: 'raw' | 'endpoint';
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  failures: number;
  /** The endpoint process's peak resident memory, MB (Linux). */
  peakRssMb?: number;
  /** The endpoint process's CPU time (user + system, all threads) per report stored, µs (Linux). */
  cpuPerReportUs?: number | undefined;
  /** PostgreSQL's CPU time (all its processes) per report stored, µs (Linux). */
  storeCpuPerReportUs?: number | undefined;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** One INSERT statement for a row of the endpoint's shape, in the driver's own placeholder style. */
function insertSql(kind: StoreKind, columns: string[]): string {
  const values = columns.map((column, i) => (kind === 'postgres' ? `$${i + 1}` : `@${column}`));
  return `INSERT INTO reports (${columns.join(', ')}) VALUES (${values.join(', ')})`;
}

const freshRow = () => reportRow(freshReport(), new Date().toISOString()) as Record<string, unknown>;

/** The driver's own rate: no Kysely, no batching, each INSERT committed on its own. */
async function rawInserter(kind: StoreKind, testStore: TestStore): Promise<{ insert(): Promise<void>; close(): Promise<void> }> {
  // The schema, as the endpoint migrates it.
  await (await openReportStore(testStore.location)).close();
  const columns = Object.keys(freshRow());
  const sql = insertSql(kind, columns);
  if ('databaseUrl' in testStore.location) {
    const pool = new pg.Pool({ connectionString: testStore.location.databaseUrl, max: CONNECTIONS });
    // An idle connection dropped by the server is replaced on the next query; it must not end the run.
    pool.on('error', () => undefined);
    return {
      insert: async () => {
        const row = freshRow();
        await pool.query(sql, columns.map((c) => row[c]));
      },
      close: () => pool.end(),
    };
  }
  const database = openSqliteFile(testStore.location.dataDir);
  const statement = database.prepare(sql);
  return {
    // better-sqlite3 is synchronous: the 32 loops take turns, each INSERT its own transaction and fsync.
    insert: async () => {
      statement.run(freshRow());
      await nextTurn();
    },
    close: async () => {
      database.close();
    },
  };
}

async function measureRaw(kind: StoreKind): Promise<Measurement> {
  const testStore = await createTestStore(kind);
  const raw = await rawInserter(kind, testStore);
  try {
    const run = async (seconds: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const deadline = performance.now() + seconds * 1000;
      const loop = async () => {
        while (performance.now() < deadline) {
          const started = performance.now();
          try {
            await raw.insert();
            latencies.push(performance.now() - started);
          } catch {
            failures++;
          }
        }
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, loop));
      return { latencies, failures, elapsed: (performance.now() - started) / 1000 };
    };
    await run(WARMUP_SECONDS);
    const storeBefore = kind === 'postgres' ? postgresCpuSeconds() : undefined;
    const { latencies, failures, elapsed } = await run(SECONDS);
    const storeAfter = kind === 'postgres' ? postgresCpuSeconds() : undefined;
    latencies.sort((a, b) => a - b);
    return {
      store: kind,
      path: 'raw',
      requests: latencies.length,
      perSecond: latencies.length / elapsed,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      failures,
      storeCpuPerReportUs: perReport(storeBefore, storeAfter, latencies.length),
    };
  } finally {
    await raw.close();
    await testStore.remove();
  }
}

/** CPU seconds a process has used so far (user + system, all its threads), from /proc (Linux); undefined elsewhere. */
function cpuSeconds(pid: number | string | undefined): number | undefined {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (after the command's closing parenthesis: 12 and 13), in clock ticks.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by every PostgreSQL process on this machine (the store on loopback); undefined without /proc or PostgreSQL. */
function postgresCpuSeconds(): number | undefined {
  let total: number | undefined;
  try {
    for (const pid of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let comm: string;
      try {
        comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      } catch {
        continue;
      }
      if (comm !== 'postgres') continue;
      total = (total ?? 0) + (cpuSeconds(pid) ?? 0);
    }
  } catch {
    return undefined;
  }
  return total;
}

/** CPU µs per report between two readings. */
const perReport = (before: number | undefined, after: number | undefined, reports: number) =>
  before === undefined || after === undefined || reports === 0 ? undefined : ((after - before) * 1e6) / reports;

/** Peak resident set size of a process, from /proc (Linux); undefined elsewhere. */
function peakRssMb(pid: number | undefined): number | undefined {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function measureEndpoint(kind: StoreKind): Promise<Measurement> {
  // The build, as `npm start` runs it (its node flags). LOG_LEVEL=warn: one JSON log line per request would be
  // measured too (and piped into this process).
  const endpoint = await startEndpoint({ store: kind, built: true, env: { LOG_LEVEL: 'warn', ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}), ...(process.env.BENCH_NOTIFY_MS ? { NOTIFY_INTERVAL_MS: process.env.BENCH_NOTIFY_MS } : {}) } });
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
    const cpuBefore = cpuSeconds(endpoint.pid());
    const storeBefore = kind === 'postgres' ? postgresCpuSeconds() : undefined;
    const result = await load(SECONDS);
    const cpuAfter = cpuSeconds(endpoint.pid());
    const storeAfter = kind === 'postgres' ? postgresCpuSeconds() : undefined;
    const peak = peakRssMb(endpoint.pid());
    return {
      store: kind,
      path: 'endpoint',
      requests: result['2xx'],
      perSecond: result['2xx'] / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      failures: result.non2xx + result.errors + result.timeouts,
      ...(peak === undefined ? {} : { peakRssMb: peak }),
      cpuPerReportUs: perReport(cpuBefore, cpuAfter, result['2xx']),
      storeCpuPerReportUs: perReport(storeBefore, storeAfter, result['2xx']),
    };
  } finally {
    await endpoint.close();
  }
}

if (!fs.existsSync(BUILT_ENTRY)) throw new Error(`No build of the endpoint (${BUILT_ENTRY}): run "npm run build" first.`);
const results: Measurement[] = [];
for (const kind of STORES) {
  // Raw and endpoint take turns: this machine's speed drifts by a fifth between minutes, and a pair measured
  // side by side compares the two paths at the same speed.
  for (let round = 1; round <= ROUNDS; round++) {
    process.stdout.write(`${kind}, round ${round} of ${ROUNDS}: raw driver inserts...\n`);
    results.push(await measureRaw(kind));
    process.stdout.write(`${kind}, round ${round} of ${ROUNDS}: HTTP endpoint...\n`);
    results.push(await measureEndpoint(kind));
  }
}

const round = (n: number | undefined, digits = 0) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '-');
const rows = [
  ['store', 'path', 'stored', 'per second', 'p50 ms', 'p99 ms', 'failures', 'peak RSS MB', 'endpoint CPU µs/report', 'PostgreSQL CPU µs/report'],
  ...results.map((m) => [m.store, m.path, String(m.requests), round(m.perSecond), round(m.p50, 1), round(m.p99, 1), String(m.failures), round(m.peakRssMb), round(m.cpuPerReportUs), round(m.storeCpuPerReportUs)]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');

process.stdout.write(
  `\nIngest of ${freshBody().length}-byte reports, ${CONNECTIONS} at a time, ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up; ` +
    `node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n\n`,
);
process.stdout.write(`${line(rows[0]!)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
for (const r of rows.slice(1)) process.stdout.write(`${line(r)}\n`);
process.stdout.write('\n');
for (const kind of STORES) {
  const raw = results.filter((m) => m.store === kind && m.path === 'raw');
  const endpoint = results.filter((m) => m.store === kind && m.path === 'endpoint');
  // Each figure the median of its rounds; the share of raw the median of each round's own share.
  const shares = endpoint.map((e, i) => (100 * e.perSecond) / raw[i]!.perSecond);
  process.stdout.write(
    `ingest ${kind}: ${round(median(endpoint.map((e) => e.perSecond)))} reports/s endpoint, ${round(median(raw.map((r) => r.perSecond)))} raw, ` +
      `${round(median(shares))}% of raw, p99 ${round(median(endpoint.map((e) => e.p99)))} ms\n`,
  );
}
