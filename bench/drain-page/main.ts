// The page `npm run bench:drain` opens in Chromium: both ways of draining an outbox, run in the same page
// against the endpoint that serves it (same origin, 127.0.0.1), on the browser's real IndexedDB.
// - ours: the app's flushOutbox over the app's Dexie outbox, as the page and the service worker use it.
// - workbox: workbox-background-sync's Queue, replaying on replayRequests() as it does where Background Sync
//   is missing. It keeps only requests: no receipt, no "needs attention", and any HTTP answer counts as done.
import { Queue } from 'workbox-background-sync';
import { ReportingDatabase } from '../../src/db/database.ts';
import { endpointJwks, sealedOutboxRecords } from '../../test/support/outbox-records.ts';
import { API_REPORTS } from '../../src/shared/api.ts';
import type { Report } from '../../src/shared/report.ts';
import { flushOutbox } from '../../src/sync/flush.ts';

// A Queue reads `self.registration` (a service worker's) when it is made; here, in a page, there is none.
// Without `sync` in it, the Queue replays only when asked.
(self as unknown as { registration?: object }).registration ??= {};

export interface DrainRun {
  ms: number;
  /** Reports the device shows as sent, with a receipt for that very report and without the report itself. */
  receipts: number;
  /** Requests still queued (workbox) or reports still waiting (ours) afterwards. */
  left: number;
}

async function ours(reports: Report[]): Promise<DrainRun> {
  const database = new ReportingDatabase(`drain-${crypto.randomUUID()}`);
  const base = Date.now();
  // As submitDraft leaves them: one sealed record per report, submitted a second apart (sealed before the clock starts).
  await database.outbox.bulkAdd(await sealedOutboxRecords(reports, await endpointJwks(''), base, 1000));
  const started = performance.now();
  let left = reports.length;
  // One flush drains everything when nothing fails; the loop is a bound, not an expectation.
  for (let flushes = 0; flushes < 10 && left > 0; flushes++) left = (await flushOutbox({ database })).waiting;
  const ms = performance.now() - started;
  const records = await database.outbox.toArray();
  const receipts = records.filter((r) => r.status === 'sent' && r.receipt?.id === r.id && !r.body).length;
  database.close();
  await database.delete();
  return { ms, receipts, left };
}

async function workbox(reports: Report[]): Promise<DrainRun> {
  const queue = new Queue(`drain-${crypto.randomUUID()}`, { onSync: async () => undefined });
  for (const report of reports) {
    const headers = { 'content-type': 'application/json', accept: 'application/json' };
    await queue.pushRequest({ request: new Request(API_REPORTS, { method: 'POST', headers, body: JSON.stringify(report) }) });
  }
  const started = performance.now();
  await queue.replayRequests();
  const ms = performance.now() - started;
  return { ms, receipts: 0, left: await queue.size() };
}

(window as unknown as { drainBench: unknown }).drainBench = { ours, workbox };
document.title = 'ready';
