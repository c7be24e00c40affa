// What the app keeps on a device, in Chromium against the built app and endpoint: a device that will never be
// online saves its sealed reports to a file (a real download), which the built `npm run import` stores exactly
// once (and the console's "Import sealed reports" page gives the same receipt); and "Delete everything this app keeps on this device" leaves no record in any IndexedDB table.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReference } from '../../src/shared/reference.ts';
import { sealedFileSchema } from '../../src/shared/sealed-file.ts';
import { runImportCli } from '../support/import-cli.ts';
import { countStoredReports, openStoreAt } from '../support/server.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { installApp, makeProfileDir, removeProfileDir, startDevice, type Device } from './support/chromium.ts';
import { fill, fillLostDeviceReport, sendReport, startReport } from './support/report-flows.ts';
import { signInDevice } from './support/sign-in.ts';
import { axeViolations } from './support/axe.ts';
import { SESSION_COOKIE, testUser } from '../support/sign-in.ts';

let server: AppServer;
let dataDir: string;
const profiles: string[] = [];
beforeAll(async () => {
  server = await startAppServer();
  dataDir = (server.location as { dataDir: string }).dataDir;
});
afterAll(async () => {
  await server?.close();
  for (const profile of profiles) removeProfileDir(profile);
});

/** A device that had the app installed once, online, and is now cut off from any network. */
async function offlineDevice(): Promise<Device> {
  const profile = makeProfileDir();
  profiles.push(profile);
  await installApp(profile, server.url);
  return startDevice(profile, { offline: true });
}

/** Every record in every table of every IndexedDB database of the app's origin, by database and table. */
function indexedDbRecords(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const counts: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      for (const table of Array.from(db.objectStoreNames)) {
        counts[`${name}/${table}`] = await new Promise<number>((resolve, reject) => {
          const count = db.transaction(table).objectStore(table).count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        });
      }
      db.close();
    }
    return counts;
  });
}

describe('a device that will never be online', () => {
  it('saves its sealed reports to a file that the endpoint imports exactly once, with the same receipt the device later gets', async () => {
    const marker = `zq${randomBytes(6).toString('hex')}`;
    const device = await offlineDevice();
    // No network at all: the emulated offline state is the page's, and a service worker could still reach a
    // listening endpoint on loopback.
    await server.stop();
    try {
      await signInDevice(device, server); // from an earlier visit: only used if the device is ever online again
      const page = await device.newPage();
      await fillLostDeviceReport(page, server.url, marker);
      const reference = await sendReport(page);

      await page.goto(server.url);
      await page.getByRole('link', { name: 'save sealed reports to a file' }).click();
      await page.getByRole('heading', { level: 1, name: 'Save sealed reports to a file' }).waitFor();
      expect(await page.getByTestId('reports-to-save').textContent()).toContain(reference);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: 'Save sealed reports to a file' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^sealed-reports-\d{4}-\d{2}-\d{2}\.json$/);
      const file = join(dataDir, download.suggestedFilename());
      await download.saveAs(file);
      await page.getByTestId('sealed-file-saved').waitFor();

      // The file: the format and version, the sealed report, and nothing of what was typed in clear.
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(marker);
      const saved = sealedFileSchema.parse(JSON.parse(text));
      expect(saved.records).toHaveLength(1);
      expect(saved.records[0]).toMatchObject({ type: 'report', kind: 'lost-device', reference: reference.replace('-', '') });

      const keys = join(dataDir, 'sealing-keys');
      const first = await runImportCli(file, server.location, keys);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`  ${reference}  lost-device  received `);
      expect(first.stdout).toContain('1 report(s), 1 stored now, 0 already received.');
      const again = await runImportCli(file, server.location, keys);
      expect(again.stdout).toBe(first.stdout.replace('stored now  (id', 'already received  (id').replace('1 stored now, 0 already received', '0 stored now, 1 already received'));

      const store = await openStoreAt(server.location);
      try {
        const rows = await store.listReports();
        expect(rows).toHaveLength(1);
        expect(JSON.stringify((await store.findReport(rows[0]!.id))!.report)).toContain(marker);
      } finally {
        await store.close();
      }

      // Should the device be online after all, it sends the report and gets the receipt the import gave.
      await server.restart();
      await device.context.setOffline(false);
      await page.goto(server.url);
      const item = page.getByTestId('outbox-report').filter({ hasText: reference });
      await expect.poll(() => item.textContent(), { timeout: 30_000 }).toContain('Sent');
      expect(await item.textContent()).toContain(`Their reference is ${reference}`);
      expect(await countStoredReports(server.location)).toBe(1);

      // The console's "Import sealed reports" page, for an incident manager: the same file gives the same
      // receipt, already received; a file the app did not save imports nothing, and says why.
      const cookie = await server.session(testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] }));
      await device.context.addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: server.url }]);
      await page.goto(`${server.url}/console/import`);
      await page.getByRole('heading', { level: 1, name: 'Import sealed reports' }).waitFor();
      await page.getByLabel('File of sealed reports').setInputFiles(file);
      await page.getByRole('button', { name: 'Import' }).click();
      expect(await page.getByTestId('import-summary').textContent()).toBe('1 report(s) in the file: 0 stored now, 1 already received.');
      expect(await page.getByTestId('import-receipts').textContent()).toContain(`${reference}A lost or stolen device`);
      const violations = await axeViolations(page, 'import sealed reports');
      const bad = join(dataDir, 'not-sealed.json');
      writeFileSync(bad, JSON.stringify({ reports: [] }));
      await page.getByLabel('File of sealed reports').setInputFiles(bad);
      await page.getByRole('button', { name: 'Import' }).click();
      await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await page.getByRole('alert').textContent()).toContain('Nothing was imported. The file is not a file of sealed reports saved by the app.');
      violations.push(...(await axeViolations(page, 'import sealed reports, refused')));
      expect(violations).toEqual([]);
      expect(await countStoredReports(server.location)).toBe(1);
    } finally {
      await device.close();
    }
  });
});

describe('a first visit', () => {
  it('keeps nothing on this device until a report is started, and lists the draft on the next visit', async () => {
    const profile = makeProfileDir();
    profiles.push(profile);
    const device = await startDevice(profile);
    try {
      const page = await device.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      await page.addInitScript(() => {
        const refused: string[] = [];
        (window as unknown as { refused: string[] }).refused = refused;
        document.addEventListener('securitypolicyviolation', (event) => refused.push(event.violatedDirective));
      });
      await page.goto(server.url);
      // The app has taken over the page (the choice is enabled) and its worker is installed: the start's work is done.
      await page.getByRole('button', { name: 'Start report' }).and(page.locator(':enabled')).waitFor();
      // Styled by the rules inside the page (GOV.UK's black header), which the CSP let through.
      expect(await page.evaluate(() => getComputedStyle(document.querySelector('.govuk-header')!).backgroundColor)).toBe('rgb(11, 12, 12)');
      // Those rules are the start page's only: the whole stylesheet is linked for later, and the app has turned it on.
      expect(await page.evaluate(() => [...document.querySelectorAll<HTMLStyleElement>('style')].some((s) => s.textContent!.includes('.govuk-textarea')))).toBe(false);
      expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.media)).toBe('all');
      expect(await page.evaluate(() => (window as unknown as { refused: string[] }).refused)).toEqual([]);
      // Until the page was on screen, it asked for no script but its first one and what that one imports: the
      // app's code waits for the paint (src/app/boot.ts).
      const { boot, early } = await page.evaluate(() => {
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        if (!paint) throw new Error('no first contentful paint recorded');
        return {
          boot: new URL(document.querySelector<HTMLScriptElement>('script[type="module"][src]')!.src).pathname,
          early: performance
            .getEntriesByType('resource')
            .filter((entry) => entry.startTime < paint.startTime && new URL(entry.name).pathname.endsWith('.js'))
            .map((entry) => new URL(entry.name).pathname),
        };
      });
      const bootImports = [...(await (await fetch(`${server.url}${boot}`)).text()).matchAll(/["']\.\/([\w.-]+\.js)["']/g)].map((m) => `/assets/${m[1]}`);
      expect(early.filter((path) => path !== boot && !bootImports.includes(path))).toEqual([]);
      expect(scripts.length).toBeGreaterThan(early.length);
      await page.evaluate(() => navigator.serviceWorker.ready);
      await page.waitForTimeout(500);
      expect(await indexedDbRecords(page)).toEqual({});
      expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([]);
      // Nor was the storage code (Dexie) fetched by the page.
      const storageCode = await Promise.all(scripts.map(async (path) => (await (await fetch(`${server.url}${path}`)).text()).includes('Dexie')));
      expect(scripts.filter((_, i) => storageCode[i])).toEqual([]);

      await page.getByLabel('Another security incident', { exact: true }).check();
      await page.getByRole('button', { name: 'Start report' }).click();
      await page.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();
      // The next page, rendered by the app from the start page, is styled by the whole stylesheet (GOV.UK's 2 px box).
      expect(await page.getByLabel('Tell us what happened').evaluate((box) => getComputedStyle(box).borderTopWidth)).toBe('2px');
      await fill(page, 'Tell us what happened', 'Started on a first visit');
      await page.waitForTimeout(400); // saved

      await page.goto(server.url);
      const draft = page.getByTestId('draft');
      await draft.waitFor();
      expect(await draft.textContent()).toContain('Another security incident');
      expect((await indexedDbRecords(page))['report-a-security-incident/drafts']).toBe(1);
    } finally {
      await device.close();
    }
  });
});

describe('the start page without JavaScript', () => {
  it('looks the same, pixel for pixel, with its own rules inside as with the whole stylesheet, at 360 and 1,280 px', async () => {
    const profile = makeProfileDir();
    profiles.push(profile);
    const device = await startDevice(profile);
    try {
      for (const width of [360, 1280]) {
        const shots: Buffer[] = [];
        for (const whole of [false, true]) {
          const context = await device.browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
          const page = await context.newPage();
          // The whole stylesheet on from the start, as if index.html linked it to block the paint.
          if (whole) {
            await page.route(`${server.url}/`, async (route) => {
              const answer = await route.fetch();
              await route.fulfill({ response: answer, body: (await answer.text()).replace(' media="print"', '') });
            });
          }
          await page.goto(`${server.url}/`, { waitUntil: 'networkidle' });
          expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.media)).toBe(whole ? '' : 'print');
          shots.push(await page.screenshot({ fullPage: true }));
          await context.close();
        }
        expect(shots[0]!.equals(shots[1]!), `${width} px`).toBe(true);
      }
    } finally {
      await device.close();
    }
  });
});

describe('delete everything this app keeps on this device', () => {
  it('names the report waiting to send, then leaves no record in any IndexedDB table', async () => {
    const device = await offlineDevice();
    try {
      const page = await device.newPage();
      await fillLostDeviceReport(page, server.url);
      const reference = await sendReport(page);
      await startReport(page, server.url, 'Another security incident');
      await fill(page, 'Tell us what happened', 'A draft that must not stay on this device');
      await page.waitForTimeout(400); // saved

      await page.goto(server.url);
      const before = await indexedDbRecords(page);
      expect(before['report-a-security-incident/drafts']).toBeGreaterThanOrEqual(2); // the draft and the sent report's kept copy
      expect(before['report-a-security-incident/outbox']).toBe(1);
      expect(before['report-a-security-incident/keys']).toBe(1);

      await page.getByRole('link', { name: 'Delete everything this app keeps on this device' }).click();
      await page.getByRole('heading', { level: 1, name: 'Delete everything this app keeps on this device' }).waitFor();
      const waiting = page.getByTestId('reports-never-sent');
      await waiting.waitFor();
      expect(await waiting.textContent()).toContain(`A lost or stolen device${reference}`);
      expect(await page.getByTestId('never-sent-warning').textContent()).toContain('If you delete it, it will never reach the team.');
      await page.getByRole('button', { name: 'Delete everything' }).click();
      await page.getByRole('heading', { level: 1, name: 'Everything this app kept on this device has been deleted' }).waitFor();
      expect(await page.title()).toBe('Everything this app kept on this device has been deleted – Report a security incident');

      const after = await indexedDbRecords(page);
      expect(Object.keys(after)).toEqual(expect.arrayContaining(['report-a-security-incident/drafts', 'report-a-security-incident/outbox', 'report-a-security-incident/keys']));
      expect(Object.values(after).every((n) => n === 0)).toBe(true);
      await page.goto(server.url);
      await page.getByRole('heading', { level: 1, name: 'Report a security incident' }).waitFor();
      expect(await page.getByTestId('your-reports').count()).toBe(0);
    } finally {
      await device.close();
    }
  });
});
