// `npm run dispose [-- --dry-run] [-- --by "Name"]`: the disposal job by hand, on the store the environment
// names (DATABASE_URL, else DATA_DIR). The dry run lists what it would delete and deletes nothing.
import { parseArgs } from 'node:util';
import { storeLocation } from '../app.ts';
import { loadConfigOrExit } from '../config.ts';
import { BY_SCHEDULE, disposeDue } from '../disposal/dispose.ts';
import { regulatorDb } from '../regulator/regulator-store.ts';
import { openReportStore } from '../storage/report-store.ts';

const { values } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, by: { type: 'string' } } });
const config = loadConfigOrExit();
const store = await openReportStore(storeLocation(config), { poolSize: 2 });
try {
  const run = await disposeDue(regulatorDb(store), store.dialect, { retentionYears: config.retentionYears, dryRun: values['dry-run'], by: values.by ?? BY_SCHEDULE });
  if (!run.ran) process.stdout.write('Another process is disposing of cases now: nothing done.\n');
  const verb = run.dryRun ? 'Would dispose of' : 'Disposed of';
  process.stdout.write(`${verb} ${run.cases.length} closed case(s) past ${config.retentionYears} year(s) after closure.\n`);
  for (const c of run.cases) process.stdout.write(`  ${c.reference}  ${c.kind}  closed ${c.closedAt}\n`);
} finally {
  await store.close();
}
