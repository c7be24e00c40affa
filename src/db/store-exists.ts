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
  // Once there, the database stays for the page's life (the app empties tables, never deletes it): every send
  // asks, and the browser's answer waited behind the device's other IndexedDB work (1.3 s once in Chromium).
  if (exists) return Promise.resolve(true);
  // The start page, its device section, the sender and the sign-in step all ask at start: one question serves them.
  asking ??= ask()
    .then((answer) => (exists = answer))
    .finally(() => {
      asking = undefined;
    });
  return asking;
}

let asking: Promise<boolean> | undefined;
let exists = false;

async function ask(): Promise<boolean> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
  try {
    return (await indexedDB.databases()).some((database) => database.name === DATABASE_NAME);
  } catch {
    return true;
  }
}
