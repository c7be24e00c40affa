// `npm run bench:reconnect`: how long after the network returns a queued report is stored by the endpoint,
// with the app open in Chromium (the production build served by the endpoint, its service worker in control,
// Background Sync as Chromium has it). Each trial: the network cut (context.setOffline), reports queued as a
// submit leaves them (outbox records and a Background Sync asked for), the network back, then the endpoint's
// store read every few ms until it holds them all. At least 20 trials with one report, then with 20.
// Prints one line: reconnect: <N> ms p95 (1 report), <M> ms p95 (20 reports)
// Env: RECONNECT_TRIALS (default 20, at least 20).
import { setTimeout as sleep } from 'node:timers/promises';
import { endpointJwks, sealedOutboxRecords } from '../test/support/outbox-records.ts';
import { makeProfileDir, removeProfileDir, startDevice, waitForServiceWorkerControl } from '../test/e2e/support/chromium.ts';
import { queueOutboxRecords } from '../test/e2e/support/outbox.ts';
import { startReport } from '../test/e2e/support/report-flows.ts';
import { buildReport } from '../test/support/fixtures.ts';
import { DIST_DIR, openStoreAt, startEndpoint } from '../test/support/server.ts';
import { signInDevice } from '../test/e2e/support/sign-in.ts';

const TRIALS = Math.max(20, Number(process.env.RECONNECT_TRIALS ?? 20));
const POLL_MS = 5;
const GIVE_UP_MS = 60_000;

const endpoint = await startEndpoint({ store: 'sqlite', staticDir: DIST_DIR, env: { RATE_LIMIT_MAX: '0' } });
const store = await openStoreAt(endpoint.location);
const profile = makeProfileDir();
const device = await startDevice(profile);
try {
  // A reporter signed in on this device (a session made in the store, its cookie in the browser).
  await signInDevice(device, endpoint);
  const page = await device.newPage();
  await page.goto(endpoint.url);
  await waitForServiceWorkerControl(page);
  // The reporter has started a report on this device before (the app makes its storage then).
  await startReport(page, endpoint.url, 'Another security incident');
  await page.goto(endpoint.url);
  await page.getByRole('heading', { level: 1, name: 'Report a security incident' }).waitFor();

  const jwks = await endpointJwks(endpoint.url);
  /** One trial: ms from the network's return until the endpoint has stored all `count` reports. */
  const trial = async (count: number): Promise<number> => {
    await device.context.setOffline(true);
    const before = await store.countReports();
    const base = Date.now();
    await queueOutboxRecords(page, await sealedOutboxRecords(Array.from({ length: count }, () => buildReport()), jwks, base));
    await sleep(200); // let the page and the worker see the queue (and fail to send it) before the network returns
    const started = performance.now();
    await device.context.setOffline(false);
    while ((await store.countReports()) < before + count) {
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`reconnect: ${count} report(s) not stored ${GIVE_UP_MS} ms after the network returned`);
      await sleep(POLL_MS);
    }
    const ms = performance.now() - started;
    await sleep(300); // let the device write its receipts before the next cut
    return ms;
  };

  // Nearest-rank 95th percentile.
  const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;
  const figures: number[] = [];
  for (const count of [1, 20]) {
    const times: number[] = [];
    for (let i = 0; i < TRIALS; i++) times.push(await trial(count));
    figures.push(p95(times));
  }
  console.log(`reconnect: ${Math.round(figures[0]!)} ms p95 (1 report), ${Math.round(figures[1]!)} ms p95 (20 reports)`);
} finally {
  await device.close();
  await store.close();
  await endpoint.close();
  removeProfileDir(profile);
}
