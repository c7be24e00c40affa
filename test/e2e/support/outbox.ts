// The app's device storage read and written from outside the app, straight through the page's IndexedDB: to
// check what the device kept, and to queue many reports at once as submitting them one by one would leave them.
import type { Page } from 'playwright-core';
import type { OutboxRecord } from '../../../src/db/database.ts';
import { SYNC_TAG } from '../../../src/shared/api.ts';

const DATABASE = 'report-a-security-incident';

/** A record as the device's IndexedDB holds it (drafts or outbox), or undefined. */
export function readDeviceRecord<T>(page: Page, store: 'drafts' | 'outbox' | 'questions' | 'replies', key: string): Promise<T | undefined> {
  return page.evaluate(
    ([name, table, id]) =>
      new Promise<T | undefined>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction(table).objectStore(table).get(id);
          get.onsuccess = () => {
            open.result.close();
            resolve(get.result as T | undefined);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [DATABASE, store, key] as const,
  );
}

/** What the device keeps of one report: its status, whether it still holds the report itself, its receipt. */
export async function readOutboxRecord(page: Page, id: string): Promise<{ status: string; hasBody: boolean; receipt?: { reference: string } }> {
  const record = await readDeviceRecord<OutboxRecord>(page, 'outbox', id);
  if (!record) throw new Error(`No outbox record ${id} on the device`);
  return { status: record.status, hasBody: 'body' in record, ...(record.receipt ? { receipt: record.receipt } : {}) };
}

/**
 * Queues `records` in the app's outbox (the app must have made its database in this profile: it does when a
 * report is started), and asks for Background Sync as a submit does.
 */
export async function queueOutboxRecords(page: Page, records: OutboxRecord[]): Promise<void> {
  await page.evaluate(
    ([name, rows, tag]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          if (!open.result.objectStoreNames.contains('outbox')) {
            reject(new Error('The app has made no database on this device yet: start a report first'));
            return;
          }
          const tx = open.result.transaction('outbox', 'readwrite');
          for (const row of rows) tx.objectStore('outbox').put(row);
          tx.onerror = () => reject(tx.error);
          tx.oncomplete = async () => {
            open.result.close();
            const registration = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } };
            await registration.sync?.register(tag);
            resolve();
          };
        };
      }),
    [DATABASE, records, SYNC_TAG] as const,
  );
}
