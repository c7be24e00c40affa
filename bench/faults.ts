// `npm run faults`: the fault harness of test/server/sync-faults.test.ts with its figures printed: reports
// queued, stored, duplicates, lost, each fault injected, the restarts, wall time. First one endpoint on
// SQLite, then two endpoint processes on one PostgreSQL. Traffic to 127.0.0.1 only; bounded in time.
// Exit code 1 when a report was lost or stored twice, or a device does not show it as sent.
// Env: FAULTS_REPORTS (1000), FAULTS_SENDERS (10), FAULTS_SEED (1), FAULTS_STORES ("sqlite,postgres").
import 'fake-indexeddb/auto'; // before Dexie is imported
import { STORE_KINDS, type StoreKind } from '../test/support/server.ts';
import { formatFigures, runFaultHarness } from '../test/support/senders.ts';

const REPORTS = Number(process.env.FAULTS_REPORTS ?? 1000);
const SENDERS = Number(process.env.FAULTS_SENDERS ?? 10);
const SEED = Number(process.env.FAULTS_SEED ?? 1);
const STORES = (process.env.FAULTS_STORES?.split(',') ?? STORE_KINDS).filter((s): s is StoreKind => (STORE_KINDS as readonly string[]).includes(s));

let failed = false;
for (const store of STORES) {
  console.log(`\n--- ${store}: ${REPORTS} reports, ${SENDERS} senders, seed ${SEED}`);
  const figures = await runFaultHarness({
    store,
    reports: REPORTS,
    senders: SENDERS,
    seed: SEED,
    log: (line) => console.log(`  . ${line}`),
  });
  console.log(formatFigures(figures));
  const wrong = figures.lost + figures.duplicates + figures.unexpected + figures.notSentOnDevices + figures.receiptMismatches + figures.flushErrors.length;
  if (wrong > 0 || figures.stored !== figures.queued) failed = true;
}
console.log(failed ? '\nFAILED: not every report was stored exactly once' : '\nEvery report stored exactly once.');
process.exit(failed ? 1 : 0);
