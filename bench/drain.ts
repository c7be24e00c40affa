// `npm run bench:drain`: how long 1,000 queued reports take to leave one device through flushOutbox, beside
// the same 1,000 reports (with fresh ids, so both runs are inserts) replayed by workbox-background-sync's
// Queue, against the same endpoint process on SQLite, no faults. Both in Node over fake-indexeddb, both with
// Node's fetch. Workbox runs as it does in a service worker build (NODE_ENV=production: no dev logging or
// argument checks), replaying on `replayRequests()` as it does where Background Sync is missing.
// Prints figures, asserts nothing. Env: DRAIN_REPORTS (default 1000). Traffic to 127.0.0.1 only.
import 'fake-indexeddb/auto'; // before Dexie and idb are imported
import { randomUUID } from 'node:crypto';
import { generateReference } from '../src/shared/reference.ts';
import { API_REPORTS } from '../src/shared/wire.ts';
import { flushOutbox } from '../src/sync/flush.ts';
import { createDevices, deleteDevices } from '../test/support/senders.ts';
import { countStoredReports, startEndpoint } from '../test/support/server.ts';
import { fetchWithCookie } from '../test/support/sign-in.ts';

const REPORTS = Number(process.env.DRAIN_REPORTS ?? 1000);
const WARMUP = 50;

// The service-worker globals workbox-background-sync reads: `self` (its logger and Queue), `self.registration`
// (no `sync` in it: the Queue then replays only when asked, as in Safari and Firefox), and `indexedDB` (idb),
// which fake-indexeddb has installed. They must exist before workbox is imported.
process.env.NODE_ENV ??= 'production';
const scope = globalThis as Record<string, unknown>;
scope.self ??= globalThis;
scope.registration ??= {};
scope.__WB_DISABLE_DEV_LOGS = true;
const { Queue } = await import('workbox-background-sync');

const endpoint = await startEndpoint({ store: 'sqlite', env: { RATE_LIMIT_MAX: '0' } });
try {
  // A reporter signed in on the device: both senders carry the session cookie.
  const cookie = await endpoint.session();
  const signedIn = fetchWithCookie(cookie);
  const url = `${endpoint.url}${API_REPORTS}`;
  // Warm up the endpoint (JIT, SQLite pages, keep-alive connection) so that neither run pays for it.
  for (let i = 0; i < WARMUP; i++) {
    const [device] = await createDevices({ count: 1, reports: 1, prefix: 'drain-warmup' });
    await flushOutbox({ database: device!.database, baseUrl: endpoint.url, fetch: signedIn });
    await deleteDevices([device!]);
  }
  const before = await countStoredReports(endpoint.location);

  // flushOutbox: one device, REPORTS reports in its outbox as submitDraft leaves them.
  const [device] = await createDevices({ count: 1, reports: REPORTS, prefix: 'drain' });
  const reports = device!.reports;
  let flushes = 0;
  let sent = 0;
  const flushStarted = performance.now();
  // One flush drains everything when nothing fails; the loop is a bound, not an expectation.
  while (flushes < 10) {
    flushes++;
    const result = await flushOutbox({ database: device!.database, baseUrl: endpoint.url, fetch: signedIn });
    sent += result.sent;
    if (result.waiting === 0) break;
  }
  const flushMs = performance.now() - flushStarted;
  const afterFlush = await countStoredReports(endpoint.location);
  await deleteDevices([device!]);

  // workbox-background-sync: the same reports, fresh ids and references, pushed as requests, then replayed.
  const queue = new Queue(`drain-bench-${randomUUID()}`, { onSync: async () => undefined });
  const pushStarted = performance.now();
  for (const report of reports) {
    const body = JSON.stringify({ ...report, id: randomUUID(), reference: generateReference() });
    await queue.pushRequest({ request: new Request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', cookie }, body }) });
  }
  const pushMs = performance.now() - pushStarted;
  const replayStarted = performance.now();
  await queue.replayRequests();
  const replayMs = performance.now() - replayStarted;
  const afterReplay = await countStoredReports(endpoint.location);
  const left = await queue.size();

  const rate = (n: number, ms: number) => `${Math.round((n / ms) * 1000)} reports/s`;
  console.log(`Draining ${REPORTS} queued reports from one device to one endpoint process on SQLite (127.0.0.1, no faults)`);
  console.log(
    `  flushOutbox (Dexie outbox):          ${(flushMs / 1000).toFixed(2)} s  ${rate(REPORTS, flushMs)}  ` +
      `(${flushes} flush call(s), ${sent} acknowledged, ${afterFlush - before} stored; marks each sending, keeps its receipt, drops its body)`,
  );
  console.log(
    `  workbox-background-sync Queue:       ${(replayMs / 1000).toFixed(2)} s  ${rate(REPORTS, replayMs)}  ` +
      `(replayRequests(); ${afterReplay - afterFlush} stored, ${left} left in the queue; queueing them took ${(pushMs / 1000).toFixed(2)} s)`,
  );
  console.log(`  flushOutbox / workbox time: ${(flushMs / replayMs).toFixed(2)}x`);
  console.log('  (workbox counts any HTTP answer as done, a 500 too; flushOutbox only a receipt for that very report)');
} finally {
  await endpoint.close();
}
process.exit(0);
