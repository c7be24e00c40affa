// Whether this device holds anything of the app's yet, asked without opening the database (opening it creates
// it): on a first visit the start page and the sender then load no storage code at all, which was most of the
// main thread's work after the first paint (Dexie's code and a dozen transactions on a database just made).
// No module here may import Dexie.

export const DATABASE_NAME = 'report-a-security-incident';

/**
 * False only when the browser says for certain that the database does not exist; where it cannot say
 * (no `indexedDB.databases()`, or it fails), true, and the caller opens the database as it would anyway.
 */
export async function storeExists(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((database) => database.name === DATABASE_NAME);
  } catch {
    return true;
  }
}
