// "Delete everything this app keeps on this device": every table of the device's database (drafts, the outbox
// and its receipts, the drafts' key, and whatever table a later version adds), in one transaction. It waits for
// a send under way to finish (the flush's lock), so no report is half sent: one that got its receipt by then is
// with the team, and every other one never reaches it.
import { db as defaultDb, type ReportingDatabase } from './database.ts';
import { forgetDraftKey } from './draft-crypto.ts';
import { outboxLockName, withLock } from '../sync/lock.ts';

export async function deleteEverything(database: ReportingDatabase = defaultDb): Promise<void> {
  await withLock(outboxLockName(database), () =>
    database.transaction('rw', database.tables, async () => {
      await Promise.all(database.tables.map((table) => table.clear()));
    }),
  );
  forgetDraftKey(database);
}
