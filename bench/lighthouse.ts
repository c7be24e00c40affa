// `npm run bench:lighthouse`: Lighthouse 12, default settings (mobile, simulated slow 4G and a slower CPU),
// run 5 times against `/` of the built endpoint as `npm start` runs it (its node flags, embedded store),
// each in a fresh Debian Chromium profile, as a first visit. Prints figures, asserts nothing; its last line:
//   lighthouse: performance <P>, accessibility <A>, best practices <B>, seo <S>, LCP <T> ms (median of 5)
// each figure the median of its own 5 values, and before it what kept any category below 100.
// Env: LIGHTHOUSE_RUNS (default 5), CHROMIUM_PATH (default /usr/bin/chromium). Traffic to 127.0.0.1 only.
import fs from 'node:fs';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { BUILT_ENTRY, DIST_DIR, startEndpoint } from '../test/support/server.ts';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// As the browser tests launch it (test/e2e/support/chromium.ts): no GPU, no sandbox (root), no background traffic.
const FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

interface Run {
  scores: Record<(typeof CATEGORIES)[number], number>;
  lcp: number;
  fcp: number;
  /** Audits that cost a category points, as "category: audit title", with what Lighthouse measured. */
  lost: { audit: string; value: string }[];
}

async function runOnce(url: string): Promise<Run> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
    if (!result) throw new Error('Lighthouse returned no result');
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)])) as Run['scores'];
    const lost: Run['lost'] = [];
    for (const c of CATEGORIES) {
      for (const ref of lhr.categories[c]?.auditRefs ?? []) {
        const audit = lhr.audits[ref.id];
        if (ref.weight > 0 && audit && audit.score !== null && audit.score < 1) {
          lost.push({ audit: `${c}: ${audit.title}`, value: `${audit.displayValue ?? ''} score ${audit.score.toFixed(2)}`.trim() });
        }
      }
    }
    return {
      scores,
      lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? NaN,
      fcp: lhr.audits['first-contentful-paint']?.numericValue ?? NaN,
      lost,
    };
  } finally {
    chrome.kill();
  }
}

/** Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP): such a run is made again, twice at most. */
async function withRetries(run: number, attempt: () => Promise<Run>): Promise<Run> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries === 3) throw error;
      process.stdout.write(`run ${run}: ${(error as Error).message.split('\n')[0]}; running it again\n`);
    }
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

for (const built of [BUILT_ENTRY, `${DIST_DIR}/index.html`]) {
  if (!fs.existsSync(built)) throw new Error(`No build (${built}): run "npm run build" first.`);
}
const endpoint = await startEndpoint({ built: true, staticDir: DIST_DIR, env: { LOG_LEVEL: 'warn' } });
const runs: Run[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    const run = await withRetries(i, () => runOnce(`${endpoint.url}/`));
    runs.push(run);
    process.stdout.write(
      `run ${i}: performance ${run.scores.performance}, accessibility ${run.scores.accessibility}, best practices ${run.scores['best-practices']}, ` +
        `seo ${run.scores.seo}, FCP ${Math.round(run.fcp)} ms, LCP ${Math.round(run.lcp)} ms\n`,
    );
  }
} finally {
  await endpoint.close();
}

const lost = new Map<string, string[]>();
for (const run of runs) for (const { audit, value } of run.lost) lost.set(audit, [...(lost.get(audit) ?? []), value]);
if (lost.size > 0) {
  process.stdout.write('points lost:\n');
  for (const [audit, values] of lost) process.stdout.write(`  ${audit}, in ${values.length} of ${runs.length} runs: ${values.join('; ')}\n`);
}
const m = (c: (typeof CATEGORIES)[number]) => median(runs.map((r) => r.scores[c]));
process.stdout.write(
  `lighthouse: performance ${m('performance')}, accessibility ${m('accessibility')}, best practices ${m('best-practices')}, seo ${m('seo')}, ` +
    `LCP ${Math.round(median(runs.map((r) => r.lcp)))} ms (median of ${runs.length})\n`,
);
