// Proof that a lost device holds nothing readable: a random marker in every text a reporter types, one report
// sent and one kept as a draft, then (a) a clean quit and (b) a kill -9 while typing; every file under the
// profile folder is searched for the markers as UTF-8 and UTF-16LE, and every value the page writes to
// IndexedDB (IDBObjectStore.put/add, wrapped before the app loads) is searched too.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADED, installApp, makeProfileDir, removeProfileDir, startDevice, waitForServiceWorkerControl, type Device } from './support/chromium.ts';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { fillLostDeviceReport, sendReport, startReport, fill } from './support/report-flows.ts';
import { countStoredReports, openStoreAt } from '../support/server.ts';
import { signInDevice } from './support/sign-in.ts';
import type { Page } from 'playwright-core';

/** Said with the figures: `npm run proof:headed` runs this file in a windowed Chromium under Xvfb. */
const mode = HEADED ? `headed, DISPLAY=${process.env.DISPLAY ?? 'none'}` : 'headless';

const marker = () => `zq${randomBytes(6).toString('hex')}`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path);
    return entry.isFile() || statSync(path, { throwIfNoEntry: false })?.isFile() ? [path] : [];
  });
}

/** Files (and how many were searched) in which any marker appears as UTF-8 or UTF-16LE bytes. */
function search(profile: string, markers: string[]): { searched: number; hits: string[] } {
  const needles = markers.flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')]);
  const files = filesUnder(profile);
  const hits = files.filter((file) => {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      return false; // removed while we listed (a lock file)
    }
    return needles.some((n) => bytes.includes(n));
  });
  return { searched: files.length, hits };
}

/** Records every value the page writes to IndexedDB, as JSON-ish text, before any app code runs. */
async function recordIndexedDbWrites(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __idbWrites: string[] }).__idbWrites = seen;
    const text = (value: unknown): string => {
      try {
        return JSON.stringify(value, (_k, v) => (v instanceof ArrayBuffer || ArrayBuffer.isView(v) ? Array.from(new Uint8Array(v instanceof ArrayBuffer ? v : v.buffer)).map((b) => String.fromCharCode(b)).join('') : v));
      } catch {
        return String(value);
      }
    };
    for (const name of ['put', 'add'] as const) {
      const original = IDBObjectStore.prototype[name];
      IDBObjectStore.prototype[name] = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        seen.push(text(value));
        return original.call(this, value, key);
      } as typeof original;
    }
  });
}

const writesOf = (page: Page) => page.evaluate(() => (window as unknown as { __idbWrites: string[] }).__idbWrites.join('\n'));

let server: AppServer;
let profile: string;
beforeAll(async () => {
  server = await startAppServer();
  profile = makeProfileDir();
  await installApp(profile, server.url);
});
afterAll(async () => {
  await server?.close();
  if (profile) removeProfileDir(profile);
});

describe('a lost device', () => {
  it('holds no text of a sent report or a draft, after a clean quit and after a crash while typing', async () => {
    const sent = marker();
    const drafted = marker();
    const typing = marker();
    let device: Device = await startDevice(profile);
    await signInDevice(device, server);
    let page = await device.newPage();
    await recordIndexedDbWrites(page);
    await page.goto(server.url);
    await waitForServiceWorkerControl(page);
    // Headed means a real window: Chromium says "HeadlessChrome" in its user agent only when it has none.
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(HEADED ? /\bChrome\// : /HeadlessChrome\//);

    await fillLostDeviceReport(page, server.url, sent);
    await sendReport(page);
    await page.getByText('Sent', { exact: true }).or(page.getByTestId('reference')).first().waitFor();
    const deadline = Date.now() + 30_000;
    while ((await countStoredReports(server.location)) < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await countStoredReports(server.location)).toBe(1);

    await startReport(page, server.url, 'A lost or stolen device');
    await fill(page, 'Tell us what happened', `Phone left in a taxi ${drafted}`);
    await page.waitForTimeout(400); // saved (at most 150 ms after typing)
    const draftUrl = page.url();
    const written = await writesOf(page);
    expect(written.length).toBeGreaterThan(0);
    for (const m of [sent, drafted]) expect(written).not.toContain(m);

    // (a) a clean quit
    await device.close();
    const clean = search(profile, [sent, drafted]);
    console.log(`profile search after a clean quit (${mode}): ${clean.searched} files searched, ${clean.hits.length} with a marker ${clean.hits.join(', ')}`);
    expect(clean.hits).toEqual([]);

    // (b) kill -9 while typing into the draft
    device = await startDevice(profile);
    page = await device.newPage();
    await recordIndexedDbWrites(page);
    await page.goto(server.url);
    await page.goto(draftUrl);
    const box = page.getByLabel('Tell us what happened', { exact: true });
    await box.waitFor();
    // The marker typed in full and saved (a write after the last key), then the crash while more is typed.
    await box.pressSequentially(` and ${typing}`, { delay: 10 });
    // Saved: another window on the draft reads it back from the device (decrypted) with the whole marker.
    const other = await device.newPage();
    await other.goto(draftUrl);
    await expect.poll(() => other.getByLabel('Tell us what happened', { exact: true }).inputValue()).toContain(typing);
    await other.close();
    const typed = box.pressSequentially(` ${'more words typed '.repeat(5)}`, { delay: 10 }).catch(() => undefined);
    await page.waitForTimeout(200); // mid-typing
    const writtenBeforeCrash = await writesOf(page);
    await device.kill();
    await typed;
    for (const m of [sent, drafted, typing]) expect(writtenBeforeCrash).not.toContain(m);
    const crashed = search(profile, [sent, drafted, typing]);
    console.log(`profile search after kill -9 while typing (${mode}): ${crashed.searched} files searched, ${crashed.hits.length} with a marker ${crashed.hits.join(', ')}`);
    expect(crashed.hits).toEqual([]);

    // The search could have found them: the markers were really kept, encrypted, and really sent.
    device = await startDevice(profile);
    page = await device.newPage();
    await page.goto(draftUrl);
    await page.getByLabel('Tell us what happened', { exact: true }).waitFor();
    expect(await page.getByLabel('Tell us what happened', { exact: true }).inputValue()).toContain(`${drafted} and ${typing}`);
    await device.close();
    const stored = await openStoreAt(server.location);
    try {
      const [row] = await stored.listReports();
      expect(JSON.stringify((await stored.findReport(row!.id))!.report)).toContain(sent);
    } finally {
      await stored.close();
    }
  });
});
