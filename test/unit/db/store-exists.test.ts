// Whether the device holds anything of the app's, asked without making the database (the first visit's start page
// and sender rely on it to load no storage code): over fake-indexeddb, which has indexedDB.databases(). The
// module remembers a database it has seen, so each test loads it afresh, as a new page would.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReportingDatabase } from '../../../src/db/database.ts';

let storeExists: () => Promise<boolean>;
let DATABASE_NAME: string;

beforeEach(async () => {
  vi.resetModules();
  ({ storeExists, DATABASE_NAME } = await import('../../../src/db/store-exists.ts'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await new ReportingDatabase().delete();
});

describe('storeExists', () => {
  it('is false before the app opens its database, without making one, and true once it has', async () => {
    await new ReportingDatabase().delete();
    expect(await storeExists()).toBe(false);
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(DATABASE_NAME);

    const database = new ReportingDatabase();
    await database.open();
    database.close();
    expect(await storeExists()).toBe(true);
  });

  it('asks the browser once for callers that ask together, and again for a later caller while there is none', async () => {
    const listing = vi.spyOn(indexedDB, 'databases');
    expect(await Promise.all([storeExists(), storeExists(), storeExists()])).toEqual([false, false, false]);
    expect(listing).toHaveBeenCalledTimes(1);
    await storeExists();
    expect(listing).toHaveBeenCalledTimes(2);
  });

  it('stops asking once the database is there (the app never deletes it)', async () => {
    const database = new ReportingDatabase();
    await database.open();
    database.close();
    const listing = vi.spyOn(indexedDB, 'databases');
    expect(await storeExists()).toBe(true);
    expect(await storeExists()).toBe(true);
    expect(await storeExists()).toBe(true);
    expect(listing).toHaveBeenCalledTimes(1);
  });

  it('says true (open it as before) where the browser cannot list its databases, or fails to', async () => {
    await new ReportingDatabase().delete();
    vi.spyOn(indexedDB, 'databases').mockRejectedValue(new DOMException('blocked', 'UnknownError'));
    expect(await storeExists()).toBe(true);
    vi.restoreAllMocks();

    vi.resetModules();
    ({ storeExists } = await import('../../../src/db/store-exists.ts'));
    const listing = indexedDB.databases;
    Object.defineProperty(indexedDB, 'databases', { value: undefined, configurable: true });
    try {
      expect(await storeExists()).toBe(true);
    } finally {
      Object.defineProperty(indexedDB, 'databases', { value: listing, configurable: true });
    }
  });
});
