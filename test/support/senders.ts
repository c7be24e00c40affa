// Simulated devices for the fault harness and the drain benchmark: each is its own ReportingDatabase (over
// fake-indexeddb) with an outbox filled the way submitDraft fills it, drained by the real flushOutbox with a
// virtual clock (backoff and Retry-After reach minutes: the clock jumps instead of the harness sleeping).
// `runFaultHarness` puts devices, a fault proxy and real endpoint processes together and reads back what was
// stored. Every loop here is bounded by a count and by wall time, so a run always ends by itself.
import 'fake-indexeddb/auto'; // before Dexie is imported: Dexie takes indexedDB from the global on load
import { ReportingDatabase, type OutboxRecord } from '../../src/db/database.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { endpointJwks, sealedOutboxRecords } from './outbox-records.ts';
import { flushOutbox } from '../../src/sync/flush.ts';
import type { Report } from '../../src/shared/report.ts';
import { DEFAULT_FAULT_MIX, seededRandom, startFaultProxy, type FaultCounters, type FaultMix } from './fault-proxy.ts';
import { buildReport } from './fixtures.ts';
import { fetchWithCookie } from './sign-in.ts';
import { createTestDatabase, listStoredReports, startEndpoint, type RunningEndpoint, type StoreKind, type TestDatabase } from './server.ts';

// ------------------------------------------------------------------------------------------- devices

/** A device's clock: real time plus however far the harness has fast-forwarded it. */
export interface VirtualClock {
  now(): number;
  /** Moves the clock forward to `time` (never back). */
  advanceTo(time: number): void;
  /** How far it has been moved forward in all, ms. */
  skippedMs(): number;
}

export function virtualClock(): VirtualClock {
  let offset = 0;
  const now = () => Date.now() + offset;
  return {
    now,
    advanceTo: (time) => {
      const ahead = time - now();
      if (ahead > 0) offset += ahead;
    },
    skippedMs: () => offset,
  };
}

export interface SimulatedDevice {
  name: string;
  database: ReportingDatabase;
  /** The reports queued in its outbox, oldest first. */
  reports: Report[];
  clock: VirtualClock;
  /** Seeded jitter for backoff. */
  random: () => number;
}

let deviceSerial = 0;

/**
 * `count` devices sharing `reports` queued reports as evenly as possible, each a separate IndexedDB database
 * whose outbox holds exactly what submitDraft writes (status 'waiting', sealed to `jwks`, attempts 0).
 */
export async function createDevices(options: { count: number; reports: number; jwks: SealingJwks; seed?: number; prefix?: string; build?: () => Report }): Promise<SimulatedDevice[]> {
  const { count, reports } = options;
  const build = options.build ?? (() => buildReport());
  const run = `${options.prefix ?? 'device'}-${process.pid}-${Date.now().toString(36)}-${++deviceSerial}`;
  const devices: SimulatedDevice[] = [];
  const base = Date.now();
  for (let i = 0; i < count; i++) {
    const share = Math.floor(reports / count) + (i < reports % count ? 1 : 0);
    const queued = Array.from({ length: share }, build);
    const database = new ReportingDatabase(`${run}-${i}`);
    // Distinct submit times, as a reporter submitting one after another would give.
    await database.outbox.bulkAdd(await sealedOutboxRecords(queued, options.jwks, base, 1000));
    devices.push({ name: database.name, database, reports: queued, clock: virtualClock(), random: seededRandom((options.seed ?? 1) * 7919 + i) });
  }
  return devices;
}

export async function deleteDevices(devices: SimulatedDevice[]): Promise<void> {
  for (const device of devices) {
    device.database.close();
    await device.database.delete().catch(() => undefined);
  }
}

export interface DrainOptions {
  baseUrl: string;
  /** The Cookie header of the reporter signed in on this device (see sign-in.ts); without it, nobody is. */
  cookie?: string;
  /** Per request, real ms. */
  timeoutMs?: number;
  /** Hard cap on flushOutbox calls. Default 5,000. */
  maxFlushes?: number;
  /** Reports per batch at most (flushOutbox's batchReports). */
  batchReports?: number;
  /** Real epoch ms after which the device gives up. */
  deadline: number;
  /**
   * Real pause after a flush that sent nothing (an outage: the virtual clock jumps past the backoff, this
   * keeps a dead endpoint from being hammered in a tight loop while it restarts). Default 25 ms.
   */
  idlePauseMs?: number;
}

export interface DrainStats {
  device: string;
  flushes: number;
  sent: number;
  needsAttention: number;
  /** Why flushes stopped early, by reason. */
  stops: Record<string, number>;
  /** flushOutbox calls that threw (it should never throw). */
  flushErrors: string[];
  /** True when nothing was left waiting or sending. */
  finished: boolean;
  virtualMsSkipped: number;
  wallMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Calls flushOutbox until the device's outbox has nothing waiting or sending, or a cap is reached. */
export async function drainDevice(device: SimulatedDevice, options: DrainOptions): Promise<DrainStats> {
  const started = Date.now();
  const maxFlushes = options.maxFlushes ?? 5_000;
  const stats: DrainStats = { device: device.name, flushes: 0, sent: 0, needsAttention: 0, stops: {}, flushErrors: [], finished: false, virtualMsSkipped: 0, wallMs: 0 };
  while (stats.flushes < maxFlushes && Date.now() < options.deadline) {
    stats.flushes++;
    try {
      const result = await flushOutbox({
        database: device.database,
        baseUrl: options.baseUrl,
        ...(options.cookie ? { fetch: fetchWithCookie(options.cookie) } : {}),
        timeoutMs: options.timeoutMs ?? 1500,
        ...(options.batchReports ? { batchReports: options.batchReports } : {}),
        now: device.clock.now,
        random: device.random,
      });
      stats.sent += result.sent;
      stats.needsAttention += result.needsAttention;
      if (result.stoppedBy) stats.stops[result.stoppedBy] = (stats.stops[result.stoppedBy] ?? 0) + 1;
      if (result.waiting === 0) {
        stats.finished = true;
        break;
      }
      // Instead of waiting minutes of backoff or Retry-After for real, jump this device's clock there.
      if (result.nextAttemptAt !== null) device.clock.advanceTo(result.nextAttemptAt);
      if (result.sent === 0) await sleep(options.idlePauseMs ?? 25);
    } catch (error) {
      if (stats.flushErrors.length < 20) stats.flushErrors.push(String((error as Error)?.stack ?? error));
      await sleep(options.idlePauseMs ?? 25);
    }
  }
  stats.virtualMsSkipped = device.clock.skippedMs();
  stats.wallMs = Date.now() - started;
  return stats;
}

/** What a device's outbox says about each of its reports that is not "sent, with its receipt, body gone". */
export async function deviceProblems(device: SimulatedDevice): Promise<{ records: OutboxRecord[]; problems: string[] }> {
  const records = await device.database.outbox.toArray();
  const problems: string[] = [];
  const byId = new Map(records.map((r) => [r.id, r]));
  for (const report of device.reports) {
    const record = byId.get(report.id);
    if (!record) problems.push(`${report.id}: missing from the outbox`);
    else if (record.status !== 'sent') problems.push(`${report.id}: status ${record.status} (${record.problem ?? 'no problem noted'}, ${record.attempts} attempts)`);
    else if (record.receipt?.id !== report.id) problems.push(`${report.id}: sent with a receipt for ${record.receipt?.id}`);
    else if (record.body !== undefined) problems.push(`${report.id}: sent, but its body is still on the device`);
  }
  if (records.length !== device.reports.length) problems.push(`${device.name}: ${records.length} outbox records for ${device.reports.length} reports`);
  return { records, problems };
}

// ---------------------------------------------------------------------------------------- the harness

export interface RestartPlan {
  /** When this fraction of the queued reports has been committed (2xx seen by the proxy). */
  at: number;
  /** Which endpoint (index). */
  endpoint: number;
  /** SIGTERM: graceful stop then start. SIGKILL: crash then start. */
  signal: 'SIGTERM' | 'SIGKILL';
}

export interface FaultHarnessOptions {
  store: StoreKind;
  /** Endpoint processes on the one store. Default 1 for SQLite, 2 for PostgreSQL. */
  endpoints?: number;
  reports?: number;
  senders?: number;
  seed?: number;
  mix?: Partial<FaultMix>;
  /** Sender request timeout, real ms. Default 1500. */
  timeoutMs?: number;
  /**
   * Reports per batch at most. Default 4: batches are sent as devices send them, yet small enough that 1,000
   * reports take a few hundred requests, and every kind of fault is met several times.
   */
  batchReports?: number;
  restarts?: RestartPlan[];
  /** The senders give up after this long. Default 150 s. */
  wallLimitMs?: number;
  /** Progress lines (for the command); default silent. */
  log?: (line: string) => void;
}

export interface RestartDone extends RestartPlan {
  /** Reports committed when it happened. */
  committedAt: number;
  /** From the signal until /healthz answered again. */
  downMs: number;
  error?: string;
}

export interface FaultHarnessFigures {
  store: StoreKind;
  endpoints: number;
  senders: number;
  queued: number;
  /** Rows in the store. */
  stored: number;
  /** Rows beyond the first for the same id. */
  duplicates: number;
  /** Rows beyond the first for the same reference. */
  duplicateReferences: number;
  /** Queued, not stored. */
  lost: number;
  /** Stored, never queued. */
  unexpected: number;
  /** The device's receipt is not the stored row's (reference or received time): a replay must get the original. */
  receiptMismatches: number;
  /** Reports a device does not show as sent with its receipt and no body. */
  notSentOnDevices: number;
  deviceProblems: string[];
  unfinishedDevices: number;
  flushes: number;
  flushErrors: string[];
  stops: Record<string, number>;
  faults: FaultCounters;
  restarts: RestartDone[];
  virtualMinutesSkipped: number;
  wallMs: number;
}

const DEFAULT_BATCH_REPORTS = 4;

export const DEFAULT_RESTARTS: Record<StoreKind, RestartPlan[]> = {
  sqlite: [
    { at: 0.3, endpoint: 0, signal: 'SIGKILL' },
    { at: 0.65, endpoint: 0, signal: 'SIGTERM' },
  ],
  postgres: [
    { at: 0.3, endpoint: 0, signal: 'SIGTERM' },
    { at: 0.6, endpoint: 1, signal: 'SIGKILL' },
  ],
};

/**
 * The whole fault run: a fresh store, endpoint process(es) on it, the fault proxy in front (a random endpoint
 * per request), `senders` devices draining `reports` reports through it, the planned restarts in the middle,
 * then what the store and the devices hold, compared.
 */
export async function runFaultHarness(options: FaultHarnessOptions): Promise<FaultHarnessFigures> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const reports = options.reports ?? 1000;
  const senderCount = options.senders ?? 10;
  const endpointCount = options.endpoints ?? (options.store === 'postgres' ? 2 : 1);
  const plan = [...(options.restarts ?? DEFAULT_RESTARTS[options.store])].sort((a, b) => a.at - b.at);
  const wallLimitMs = options.wallLimitMs ?? 150_000;

  let database: TestDatabase | undefined;
  const endpoints: RunningEndpoint[] = [];
  let devices: SimulatedDevice[] = [];
  let proxy: Awaited<ReturnType<typeof startFaultProxy>> | undefined;
  try {
    // One store for all endpoints: a fresh PostgreSQL database, or the first endpoint's temp SQLite directory.
    if (options.store === 'postgres') database = await createTestDatabase();
    // One after the other: the first one runs the migrations.
    for (let i = 0; i < endpointCount; i++) {
      const shared = database ? { databaseUrl: database.url } : endpoints[0] ? { dataDir: (endpoints[0].location as { dataDir: string }).dataDir } : { store: options.store };
      endpoints.push(await startEndpoint({ ...shared, env: { RATE_LIMIT_MAX: '0' } }));
    }
    const location = endpoints[0]!.location;
    log(`${endpointCount} endpoint(s) on ${options.store} at ${endpoints.map((e) => e.url).join(', ')}`);

    proxy = await startFaultProxy({ upstreams: endpoints.map((e) => e.url), routing: 'random', seed: options.seed ?? 1, mix: { ...DEFAULT_FAULT_MIX, ...options.mix } });
    devices = await createDevices({ count: senderCount, reports, jwks: await endpointJwks(endpoints[0]!.url), seed: options.seed ?? 1, prefix: `faults-${options.store}` });
    const queued = devices.flatMap((d) => d.reports);
    log(`${queued.length} reports queued on ${devices.length} devices; proxy at ${proxy.url}`);

    // A different reporter signed in on each device.
    const cookies = await Promise.all(devices.map(() => endpoints[0]!.session()));
    const deadline = Date.now() + wallLimitMs;
    let draining = true;
    const drains = Promise.all(
      devices.map((device, i) => drainDevice(device, { baseUrl: proxy!.url, cookie: cookies[i]!, timeoutMs: options.timeoutMs ?? 1500, batchReports: options.batchReports ?? DEFAULT_BATCH_REPORTS, deadline })),
    ).finally(() => {
      draining = false;
    });

    // The restarts, each when enough reports have been committed; and progress lines.
    const restarts: RestartDone[] = [];
    const watcher = (async () => {
      let lastLog = Date.now();
      for (const step of plan) {
        while (draining && proxy!.counters().upstreamReceipts < step.at * reports && Date.now() < deadline) await sleep(20);
        if (!draining) break;
        const endpoint = endpoints[step.endpoint];
        if (!endpoint) throw new Error(`restart plan names endpoint ${step.endpoint}; there are ${endpoints.length}`);
        const committedAt = proxy!.counters().upstreamReceipts;
        const down = Date.now();
        let error: string | undefined;
        try {
          if (step.signal === 'SIGKILL') await endpoint.kill();
          await endpoint.restart(); // SIGTERM first when still running, then start and wait for /healthz
        } catch (e) {
          error = (e as Error).message;
        }
        restarts.push({ ...step, committedAt, downMs: Date.now() - down, ...(error ? { error } : {}) });
        log(`endpoint ${step.endpoint} restarted (${step.signal}) at ${committedAt} committed, down ${Date.now() - down} ms${error ? `: ${error}` : ''}`);
      }
      while (draining) {
        await sleep(50);
        if (Date.now() - lastLog > 5000) {
          lastLog = Date.now();
          log(`progress: ${JSON.stringify(proxy!.counters())}`);
        }
      }
    })();

    const stats = await drains;
    await watcher;
    const faults = proxy.counters();

    // What the store holds, straight from the database, against what was queued and what the devices say.
    const rows = await listStoredReports(location);
    const queuedIds = new Set(queued.map((r) => r.id));
    const storedById = new Map(rows.map((r) => [r.id, r]));
    const deviceChecks = await Promise.all(devices.map(deviceProblems));
    let receiptMismatches = 0;
    for (const { records } of deviceChecks) {
      for (const record of records) {
        const row = storedById.get(record.id);
        const receipt = record.receipt;
        if (row && receipt && (receipt.reference !== row.reference || Date.parse(receipt.receivedAt) !== Date.parse(row.receivedAt))) receiptMismatches++;
      }
    }
    const problems = deviceChecks.flatMap((c) => c.problems);
    const stops: Record<string, number> = {};
    for (const s of stats) for (const [reason, n] of Object.entries(s.stops)) stops[reason] = (stops[reason] ?? 0) + n;

    return {
      store: options.store,
      endpoints: endpointCount,
      senders: devices.length,
      queued: queued.length,
      stored: rows.length,
      duplicates: rows.length - storedById.size,
      duplicateReferences: rows.length - new Set(rows.map((r) => r.reference)).size,
      lost: [...queuedIds].filter((id) => !storedById.has(id)).length,
      unexpected: [...storedById.keys()].filter((id) => !queuedIds.has(id)).length,
      receiptMismatches,
      notSentOnDevices: problems.filter((p) => !p.includes(' outbox records for ')).length,
      deviceProblems: problems.slice(0, 20),
      unfinishedDevices: stats.filter((s) => !s.finished).length,
      flushes: stats.reduce((n, s) => n + s.flushes, 0),
      flushErrors: stats.flatMap((s) => s.flushErrors).slice(0, 5),
      stops,
      faults,
      restarts,
      virtualMinutesSkipped: Math.round(stats.reduce((n, s) => n + s.virtualMsSkipped, 0) / 60_000),
      wallMs: Date.now() - started,
    };
  } finally {
    await proxy?.close().catch(() => undefined);
    for (const endpoint of endpoints.reverse()) await endpoint.close().catch(() => undefined);
    await deleteDevices(devices);
    await database?.drop().catch(() => undefined);
  }
}

/** The figures as the lines `npm run faults` prints. */
export function formatFigures(f: FaultHarnessFigures): string {
  const c = f.faults;
  return [
    `${f.store}: ${f.endpoints} endpoint process(es), ${f.senders} senders`,
    `  reports queued ${f.queued}, stored ${f.stored}, duplicates ${f.duplicates}, lost ${f.lost}`,
    `  stored but never queued ${f.unexpected}, duplicate references ${f.duplicateReferences}, receipts unlike the stored row ${f.receiptMismatches}`,
    `  not shown as sent on the device ${f.notSentOnDevices}, devices unfinished ${f.unfinishedDevices}, flushOutbox calls ${f.flushes}, flush errors ${f.flushErrors.length}`,
    `  requests ${c.requests}, forwarded ${c.forwarded}, committed (2xx) ${c.upstream2xx} with ${c.upstreamReceipts} receipts, other answers of the endpoint itself: ${JSON.stringify(c.upstreamOther)}`,
    `  faults: requests dropped ${c.droppedRequests}, responses dropped ${c.droppedResponses} (after commit ${c.droppedAfterCommit}), delayed ${c.delayed} (device gone before the answer ${c.clientGoneBeforeAnswer}),`,
    `          bursts ${c.bursts}: 500 x${c.status500}, 503 x${c.status503}, 429 x${c.status429}; endpoint unreachable (502) ${c.upstreamErrors}`,
    `  restarts ${f.restarts.length}: ${f.restarts.map((r) => `endpoint ${r.endpoint} ${r.signal} at ${r.committedAt} committed, down ${r.downMs} ms${r.error ? ` (${r.error})` : ''}`).join('; ')}`,
    `  flushes stopped by: ${Object.entries(f.stops).map(([reason, n]) => `${reason} ${n}`).join(', ')}`,
    `  virtual time skipped ${f.virtualMinutesSkipped} min (all devices), wall time ${(f.wallMs / 1000).toFixed(1)} s`,
    ...(f.deviceProblems.length ? ['  device problems:', ...f.deviceProblems.map((p) => `    ${p}`)] : []),
    ...(f.flushErrors.length ? ['  flush errors:', ...f.flushErrors.map((e) => `    ${e.split('\n')[0]}`)] : []),
  ].join('\n');
}
