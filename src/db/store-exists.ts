// Whether this device holds anything of the app's yet, asked without opening the database (opening it creates
// it): on a first visit the start page and the sender then load no storage code at all, which was the largest
// share of the script run after the first paint (Dexie's code and a dozen transactions on a database just made).
// No module here may import Dexie.

export const DATABASE_NAME = 'report-a-security-incident';

/**
 * False only when the browser says for certain that the database does not exist; where it cannot say
 * (no `indexedDB.databases()`, or it fails), true, and the caller opens the database as it would anyway.
 */
export function storeExists(): Promise<boolean> {
  // The start page, its device section, the sender and the sign-in step all ask at start: one question serves them.
  asking ??= ask().finally(() => {
    asking = undefined;
  });
  return asking;
}

let asking: Promise<boolean> | undefined;

async function ask(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((database) => database.name === DATABASE_NAME);
  } catch {
    return true;
  }
}
