// A new version of the app is offered, never forced: the page reloads only when the reporter accepts, and
// the draft being typed survives the update.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { makeProfileDir, removeProfileDir, startDevice, waitForServiceWorkerControl, type Device } from './support/chromium.ts';
import { startReport } from './support/report-flows.ts';
import { DIST_DIR, REPO_ROOT } from '../support/server.ts';

let site: string;
let server: AppServer;
let device: Device;
let profile: string;

beforeAll(async () => {
  // A copy of the build, so that a "new version" can be deployed by changing it.
  site = mkdtempSync(join(tmpdir(), 'report-incident-site-'));
  cpSync(DIST_DIR, site, { recursive: true });
  server = await startAppServer({ staticDir: site });
  profile = makeProfileDir();
  device = await startDevice(profile);
});

afterAll(async () => {
  await device?.close();
  await server?.close();
  removeProfileDir(profile);
  rmSync(site, { recursive: true, force: true });
});

it('offers a new version, reloads only when the reporter accepts, and keeps the draft', async () => {
  const page = await device.newPage();
  await page.goto(server.url);
  await waitForServiceWorkerControl(page);
  await startReport(page, server.url, 'Another security incident');
  const box = page.getByLabel('Tell us what happened', { exact: true });
  await box.fill('Someone followed me through the secure door');
  await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));

  // Deploy a new version of the service worker, with the compressed copies the build makes (the endpoint sends
  // those), and let the browser find it.
  appendFileSync(join(site, 'sw.js'), '\n// a new version\n');
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'precompress.mjs'), site]);
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
  await page.getByText('A new version of this app is available.').waitFor({ timeout: 30_000 });

  // Offered, not forced: the page is the same one, and typing goes on.
  expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await box.press('End');
  await page.keyboard.type(' at the back of the court.');

  await page.getByRole('button', { name: 'Update now' }).click();
  await page.waitForFunction(() => !(window as { notReloaded?: boolean }).notReloaded, undefined, { timeout: 30_000 });
  await page.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();
  expect(await page.getByLabel('Tell us what happened', { exact: true }).inputValue()).toBe(
    'Someone followed me through the secure door at the back of the court.',
  );
  expect(await page.getByText('A new version of this app is available.').count()).toBe(0);
});
