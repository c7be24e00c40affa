// The reporter's essential path with no network at all: install once, then a cold start offline. Each test
// has its own endpoint and its own browser profile, so none depends on what another did before it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { installApp, makeProfileDir, removeProfileDir, startDevice, waitForServiceWorkerControl } from './support/chromium.ts';
import { daysAgo, fillBreachReport, fillLostDeviceReport, sendReport, startReport } from './support/report-flows.ts';

let server: AppServer;
let baseUrl: string;
let profile: string;

beforeEach(async () => {
  server = await startAppServer();
  baseUrl = server.url;
  profile = makeProfileDir();
});

afterEach(async () => {
  await server?.close();
  removeProfileDir(profile);
});

describe('offline capture', () => {
  it('installs: the service worker takes control and precaches the app shell', async () => {
    const device = await startDevice(profile);
    try {
      const page = await device.newPage();
      await page.goto(baseUrl);
      await waitForServiceWorkerControl(page);
      const cached = await page.evaluate(async () => {
        const keys = await caches.keys();
        const urls: string[] = [];
        for (const key of keys) for (const req of await (await caches.open(key)).keys()) urls.push(new URL(req.url).pathname);
        return urls;
      });
      expect(cached).toContain('/index.html');
      expect(cached.some((u) => /^\/assets\/index-.*\.js$/.test(u))).toBe(true);
      expect(cached.some((u) => /^\/assets\/.*\.css$/.test(u))).toBe(true);
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${baseUrl}/sw.js`);
    } finally {
      await device.close();
    }
  });

  it('opens offline from a cold start in a fresh browser process and queues a lost-device and a breach report', async () => {
    await installApp(profile, baseUrl);
    await server.stop(); // no network at all: nothing listens any more
    const device = await startDevice(profile, { offline: true });
    try {
      const page = await device.newPage();
      await page.goto(baseUrl);
      await page.getByRole('heading', { level: 1, name: 'Report a security incident' }).waitFor();
      expect(await page.getByTestId('offline-banner').textContent()).toContain('Your report will be kept on this device and sent when you are back online');

      await fillLostDeviceReport(page, baseUrl);
      const lostRef = await sendReport(page);
      expect(lostRef).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
      // The service worker may try at once and fail (no network): "Sending now." gives way to waiting.
      await expect.poll(() => page.getByTestId('status-sentence').textContent()).toContain('sent automatically when this device is back online');

      const discovered = daysAgo(1, '09:30');
      await fillBreachReport(page, baseUrl, discovered);
      // 72 hours after the discovery: three days on, at 09:30 (an hour either way if the clocks change between).
      const due = daysAgo(-2);
      expect(await page.getByTestId('regulator-deadline').textContent()).toMatch(new RegExp(`Report to the regulator by ${due.day} \\w+ ${due.year} (08|09|10):30`));
      const breachRef = await sendReport(page);
      expect(breachRef).not.toBe(lostRef);

      await page.goto(baseUrl);
      const items = page.getByTestId('outbox-report');
      await items.first().waitFor();
      await expect.poll(async () => (await items.allTextContents()).every((t) => t.includes('Waiting to send'))).toBe(true);
      const texts = await items.allTextContents();
      expect(texts).toHaveLength(2);
      expect(texts.join('\n')).toContain(lostRef);
      expect(texts.join('\n')).toContain(breachRef);
      for (const t of texts) expect(t).toContain('Waiting to send');
      expect(await page.getByTestId('draft').count()).toBe(0);
    } finally {
      await device.close();
    }
  });

  it('keeps what was typed up to 250 ms before the browser process is killed', async () => {
    await installApp(profile, baseUrl);
    const device = await startDevice(profile, { offline: true });
    const text = 'The laptop bag was left under the seat in court 3 and was gone when I came back after lunch. ';
    const typedAt: number[] = [];
    let killedAt = 0;
    try {
      const page = await device.newPage();
      await startReport(page, baseUrl, 'Another security incident');
      const box = page.getByLabel('Tell us what happened', { exact: true });
      await box.focus();
      for (const ch of text.repeat(3)) {
        await page.keyboard.type(ch);
        typedAt.push(Date.now());
        if (typedAt.length === 150) break;
        await sleep(15);
      }
      killedAt = Date.now();
      await device.kill();
    } catch (error) {
      await device.kill();
      throw error;
    }
    // Everything typed at least 250 ms before the kill must have been committed to disk.
    const mustKeep = typedAt.filter((t) => t <= killedAt - 250).length;
    expect(mustKeep).toBeGreaterThan(50);

    const reopened = await startDevice(profile, { offline: true });
    try {
      const page = await reopened.newPage();
      await page.goto(baseUrl);
      const draft = page.getByTestId('draft');
      await draft.first().waitFor();
      await draft.first().getByRole('link', { name: /Continue/ }).click();
      const box = page.getByLabel('Tell us what happened', { exact: true });
      await box.waitFor();
      const kept = await box.inputValue();
      expect(kept.length).toBeGreaterThanOrEqual(mustKeep);
      expect(text.repeat(3).startsWith(kept)).toBe(true);
    } finally {
      await reopened.close();
    }
  });
});
