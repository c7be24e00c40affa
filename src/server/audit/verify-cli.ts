// `npm run audit:verify`: checks the audit trail of the store the endpoint would open (DATABASE_URL or
// DATA_DIR, as for `npm start`). Prints the result; exits 0 when the chain holds, 1 when it does not.
import { loadConfigOrExit } from '../config.ts';
import { storeLocation } from '../app.ts';
import { caseStoreOf } from '../storage/case-store.ts';
import { openReportStore } from '../storage/report-store.ts';
import { verifyAuditChain } from './verify.ts';

const store = await openReportStore(storeLocation(loadConfigOrExit()), { poolSize: 1 });
try {
  const result = await verifyAuditChain(caseStoreOf(store).db);
  if (result.ok) {
    process.stdout.write(`audit trail: ${result.rows} rows, the chain holds\n`);
  } else {
    process.stdout.write(`audit trail: ${result.rows} rows, ${result.problems.length} problem(s):\n${result.problems.map((p) => `  ${p}\n`).join('')}`);
    process.exitCode = 1;
  }
} finally {
  await store.close();
}
