// `npm run bench:drain`: how fast 1,000 queued reports leave one device, in Chromium (its real IndexedDB and
// network stack), through the app's flushOutbox and through workbox-background-sync's Queue.replayRequests,
// each on the same reports (fresh ids, so every run is inserts) against one endpoint process on SQLite on
// 127.0.0.1, no faults. Rounds alternate between the two; the median of each is printed as one line:
//   drain: <N> reports/s ours, <M> reports/s workbox Queue, <R>x
// Each run is checked before it counts: every report stored once, and (ours) every receipt kept on the device.
// Env: DRAIN_REPORTS (default 1000), DRAIN_ROUNDS (default 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { makeProfileDir, removeProfileDir, startDevice } from '../test/e2e/support/chromium.ts';
import { buildReport } from '../test/support/fixtures.ts';
import { countStoredReports, REPO_ROOT, startEndpoint } from '../test/support/server.ts';
import { signInDevice } from '../test/e2e/support/sign-in.ts';
import type { DrainRun } from './drain-page/main.ts';

const REPORTS = Number(process.env.DRAIN_REPORTS ?? 1000);
const ROUNDS = Number(process.env.DRAIN_ROUNDS ?? 3);
const WARMUP = 50;

type Way = 'ours' | 'workbox';

const site = mkdtempSync(join(tmpdir(), 'rasi-drain-page-'));
await build({
  configFile: false,
  root: join(REPO_ROOT, 'bench', 'drain-page'),
  logLevel: 'warn',
  build: { outDir: site, emptyOutDir: true, target: 'es2022' },
});
const endpoint = await startEndpoint({ store: 'sqlite', staticDir: site, env: { RATE_LIMIT_MAX: '0' } });
const profile = makeProfileDir();
const device = await startDevice(profile);
try {
  // A reporter signed in on this device: a session made in the store, its cookie put in the browser.
  await signInDevice(device, endpoint);
  const page = await device.newPage();
  await page.goto(endpoint.url);
  await page.waitForFunction(() => document.title === 'ready');

  const run = async (way: Way, count: number): Promise<DrainRun> => {
    const before = await countStoredReports(endpoint.location);
    const reports = Array.from({ length: count }, () => buildReport());
    const result = await page.evaluate(
      ([w, r]) => (window as unknown as { drainBench: Record<Way, (reports: unknown[]) => Promise<DrainRun>> }).drainBench[w](r),
      [way, reports] as const,
    );
    const stored = (await countStoredReports(endpoint.location)) - before;
    const wrong = [
      stored !== count && `${stored} of ${count} stored`,
      result.left !== 0 && `${result.left} left`,
      way === 'ours' && result.receipts !== count && `${result.receipts} receipts kept`,
    ].filter(Boolean);
    if (wrong.length) throw new Error(`drain (${way}): ${wrong.join(', ')}`);
    return result;
  };

  // Warm up both (JIT, SQLite pages, connections) so that neither pays for it in the figures.
  await run('ours', WARMUP);
  await run('workbox', WARMUP);
  const rates: Record<Way, number[]> = { ours: [], workbox: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of ['ours', 'workbox'] as const) rates[way].push((REPORTS / (await run(way, REPORTS)).ms) * 1000);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const ours = median(rates.ours);
  const workbox = median(rates.workbox);
  console.log(`drain: ${Math.round(ours)} reports/s ours, ${Math.round(workbox)} reports/s workbox Queue, ${(ours / workbox).toFixed(2)}x`);
} finally {
  await device.close();
  await endpoint.close();
  removeProfileDir(profile);
  rmSync(site, { recursive: true, force: true });
}
