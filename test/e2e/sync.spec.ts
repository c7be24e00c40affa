// A report written offline reaches the endpoint exactly once when the network returns: through the page at
// once, through Background Sync in the service worker (even with every page closed), or both at the same
// moment, with the flush lock (Web Locks) letting only one of them send each report.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { fireSyncEvent, makeProfileDir, removeProfileDir, startDevice, waitForServiceWorkerControl, type Device } from './support/chromium.ts';
import { fillLostDeviceReport, sendReport, startReport } from './support/report-flows.ts';
import { getReportStatus, listStoredReports } from '../support/server.ts';
import { NO_FAULTS, startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { buildReport } from '../support/fixtures.ts';
import { endpointJwks, sealedOutboxRecords } from '../support/outbox-records.ts';
import { queueOutboxRecords, readOutboxRecord } from './support/outbox.ts';
import { API_REPORTS, SYNC_TAG } from '../../src/shared/api.ts';
import type { SessionUser } from '../../src/shared/auth.ts';
import { signInDevice } from './support/sign-in.ts';

let server: AppServer;
let device: Device | undefined;
let profile: string | undefined;
let reporter: SessionUser;

beforeAll(async () => {
  server = await startAppServer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await device?.close();
  if (profile) removeProfileDir(profile);
  device = undefined;
  profile = undefined;
});

type BackgroundSync = 'as-is' | 'missing' | 'never-fires';

/** Installs the app and leaves its start page open with the network off. */
async function installedAndOffline(baseUrl: string, backgroundSync: BackgroundSync = 'as-is'): Promise<Page> {
  profile = makeProfileDir();
  device = await startDevice(profile);
  if (backgroundSync === 'missing') {
    // As in Safari and Firefox: no Background Sync in the page.
    await device.context.addInitScript(() => {
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
      delete (window as { SyncManager?: unknown }).SyncManager;
    });
  }
  if (backgroundSync === 'never-fires') {
    // Background Sync accepts the request and never fires, as a browser may (it decides when, or whether).
    await device.context.addInitScript(() => {
      Object.defineProperty(ServiceWorkerRegistration.prototype, 'sync', { configurable: true, get: () => ({ register: async () => undefined, getTags: async () => [] }) });
    });
  }
  // The reporter signed in on this device some time before (the session lasts).
  reporter = await signInDevice(device, server);
  const page = await device.newPage();
  await page.goto(baseUrl);
  await waitForServiceWorkerControl(page);
  await device.context.setOffline(true);
  return page;
}

/** Installs the app, then writes and sends a lost-device report with the network off. */
async function reportWrittenOffline(options: { backgroundSync?: BackgroundSync; baseUrl?: string } = {}): Promise<{ page: Page; id: string; reference: string }> {
  const baseUrl = options.baseUrl ?? server.url;
  const page = await installedAndOffline(baseUrl, options.backgroundSync);
  await fillLostDeviceReport(page, baseUrl);
  const reference = (await sendReport(page)).replace('-', '');
  const id = page.url().split('/')[4]!;
  // The service worker may try at once and fail (no network): "Sending now." gives way to waiting.
  await expect.poll(() => page.getByTestId('status-sentence').textContent()).toContain('sent automatically when this device is back online');
  await page.getByRole('link', { name: 'See all your reports' }).click();
  await page.getByTestId('outbox-report').first().waitFor();
  await expect.poll(() => page.getByTestId('outbox-report').first().textContent()).toContain('Waiting to send');
  return { page, id, reference };
}

async function expectSentOnce(page: Page, id: string, reference: string) {
  const item = page.getByTestId('outbox-report').filter({ has: page.locator('.govuk-tag', { hasText: /^Sent$/ }) });
  await item.waitFor({ timeout: 60_000 });
  expect(await item.textContent()).toContain(`${reference.slice(0, 5)}-${reference.slice(5)}`);
  // Screen readers hear it: the live region's text changes.
  await expect.poll(() => page.getByTestId('sent-announcement').textContent(), { timeout: 10_000 }).toContain('Report sent');

  const stored = (await listStoredReports(server.location)).filter((r) => r.id === id);
  expect(stored).toHaveLength(1);
  expect(stored[0]!.reference).toBe(reference);
  // Its sender reads its status.
  expect((await getReportStatus(server.url, id, { cookie: await server.session(reporter) })).body).toMatchObject({ id, status: 'received' });
  // The device keeps the receipt and no longer holds the report itself.
  expect(await readOutboxRecord(page, id)).toMatchObject({ status: 'sent', hasBody: false, receipt: { reference } });
}

describe('sending when the network returns', () => {
  it('the page and Background Sync both go for it, it is sent exactly once, and the page shows it sent', async () => {
    const { page, id, reference } = await reportWrittenOffline();
    expect((await listStoredReports(server.location)).some((r) => r.id === id)).toBe(false);
    await device!.context.setOffline(false);
    await expectSentOnce(page, id, reference);
  });

  it('without Background Sync, the page sends it exactly once', async () => {
    const { page, id, reference } = await reportWrittenOffline({ backgroundSync: 'missing' });
    expect(await page.evaluate(() => 'SyncManager' in window)).toBe(false);
    await device!.context.setOffline(false);
    await expectSentOnce(page, id, reference);
  });

  it('keeps the report through a spell of 503 answers, honouring Retry-After, and sends it once the endpoint recovers', async () => {
    // Everything the device asks for goes through a proxy that can answer 503 in place of the endpoint.
    const proxy: FaultProxy = await startFaultProxy({
      upstreams: [server.url],
      mix: { dropRequest: 0, dropResponse: 0, delay: 0, burst: 1, burstLength: [1_000_000, 1_000_000], burstStatuses: [503], retryAfterSeconds: [2, 2] },
    });
    proxy.setEnabled(false);
    try {
      const { page, id, reference } = await reportWrittenOffline({ baseUrl: proxy.url });
      proxy.setEnabled(true);
      await device!.context.setOffline(false);
      await expect.poll(() => proxy.counters().status503, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await page.waitForTimeout(3_000);
      expect((await listStoredReports(server.location)).some((r) => r.id === id)).toBe(false);
      const item = page.getByTestId('outbox-report').first();
      expect(await item.textContent()).toMatch(/Waiting to send|Sending/);
      expect(await readOutboxRecord(page, id)).toMatchObject({ hasBody: true });

      proxy.setEnabled(false); // the endpoint recovers
      await expectSentOnce(page, id, reference);
    } finally {
      await proxy.close();
    }
  });

  it('with Background Sync that never fires, the page sends it as soon as the network returns', async () => {
    const { page, id, reference } = await reportWrittenOffline({ backgroundSync: 'never-fires' });
    await device!.context.setOffline(false);
    // The page used to leave it 20 s to Background Sync first.
    await expect.poll(async () => (await listStoredReports(server.location)).some((r) => r.id === id), { timeout: 10_000, interval: 100 }).toBe(true);
    await expectSentOnce(page, id, reference);
  });

  it('with every page closed, one sync event waits out two 503s with Retry-After: 1, and the report is stored once within 10 s', async () => {
    const proxy = await startFaultProxy({ upstreams: [server.url], mix: NO_FAULTS });
    try {
      const { page, id, reference } = await reportWrittenOffline({ baseUrl: proxy.url });
      await page.close();
      const worker = device!.context.serviceWorkers()[0]!;
      expect(await worker.evaluate(async () => (await (self as unknown as { clients: { matchAll(o: object): Promise<unknown[]> } }).clients.matchAll({ includeUncontrolled: true })).length)).toBe(0);

      proxy.refuseNext(2, 503, 1, API_REPORTS);
      await device!.context.setOffline(false);
      const firedAt = Date.now();
      await fireSyncEvent(device!, proxy.url, SYNC_TAG);
      await expect
        .poll(async () => (await listStoredReports(server.location)).filter((r) => r.id === id).length, { timeout: Math.max(0, firedAt + 10_000 - Date.now()), interval: 100 })
        .toBe(1);
      // Refused twice, then taken: one request more, never a fourth (the Retry-After was waited out, not hammered).
      expect(proxy.counters()).toMatchObject({ status503: 2, posts: 3 });

      const reopened = await device!.newPage();
      await reopened.goto(proxy.url);
      expect(await readOutboxRecord(reopened, id)).toMatchObject({ status: 'sent', hasBody: false, receipt: { reference } });
    } finally {
      await proxy.close();
    }
  });
});

describe('the flush lock (Web Locks) in the browser', () => {
  it('two tabs and the service worker sending at once send each report once and store it once', async () => {
    const proxy = await startFaultProxy({ upstreams: [server.url], mix: NO_FAULTS });
    try {
      const first = await installedAndOffline(proxy.url);
      // The reporter started a report here before (the app makes its storage then), then 30 reports are queued
      // as a submit leaves them, and a Background Sync asked for, as a submit does.
      await startReport(first, proxy.url, 'Another security incident');
      await first.goto(proxy.url);
      const queued = await sealedOutboxRecords(Array.from({ length: 30 }, () => buildReport()), await endpointJwks(server.url));
      await queueOutboxRecords(first, queued);
      const second = await device!.newPage();
      await second.goto(proxy.url);
      await second.getByTestId('outbox-report').first().waitFor();
      const receiptsBefore = proxy.counters().upstreamReceipts;

      // Both tabs hear 'online', and the service worker gets its sync event, together.
      await Promise.all([device!.context.setOffline(false), fireSyncEvent(device!, proxy.url, SYNC_TAG)]);

      const ids = new Set(queued.map((q) => q.id));
      await expect.poll(async () => (await listStoredReports(server.location)).filter((r) => ids.has(r.id)).length, { timeout: 30_000 }).toBe(queued.length);
      for (const tab of [first, second]) {
        await expect.poll(async () => (await tab.getByTestId('outbox-report').allTextContents()).filter((t) => t.includes('Sent')).length, { timeout: 10_000 }).toBe(queued.length);
      }
      // Each report went over the network once (alone or in a batch): no sender sent one another was sending,
      // which the endpoint would have answered with a second receipt.
      expect(proxy.counters().upstreamReceipts - receiptsBefore).toBe(queued.length);
      const stored = (await listStoredReports(server.location)).filter((r) => ids.has(r.id));
      expect(new Set(stored.map((r) => r.id)).size).toBe(stored.length);
    } finally {
      await proxy.close();
    }
  });
});
