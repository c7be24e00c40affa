// A report written offline reaches the endpoint exactly once when the network returns, through Background
// Sync in the service worker, or through the page where Background Sync does not exist.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { makeProfileDir, readDeviceRecord, removeProfileDir, startDevice, waitForServiceWorkerControl, type Device } from './support/chromium.ts';
import type { OutboxRecord } from '../../src/db/database.ts';
import { fillLostDeviceReport, sendReport } from './support/report-flows.ts';
import { getReportStatus, listStoredReports } from '../support/server.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { DEMO_USERS } from '../../src/server/auth/index.ts';
import { signInInBrowser } from './support/sign-in.ts';

let server: AppServer;
let device: Device | undefined;
let profile: string | undefined;

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

/** Installs the app, then writes and sends a lost-device report with the network off. */
async function reportWrittenOffline(options: { withoutBackgroundSync?: boolean; baseUrl?: string } = {}): Promise<{ page: Page; id: string; reference: string }> {
  const baseUrl = options.baseUrl ?? server.url;
  profile = makeProfileDir();
  device = await startDevice(profile);
  if (options.withoutBackgroundSync) {
    // As in Safari and Firefox: no Background Sync in the page.
    await device.context.addInitScript(() => {
      delete (ServiceWorkerRegistration.prototype as { sync?: unknown }).sync;
      delete (window as { SyncManager?: unknown }).SyncManager;
    });
  }
  const page = await device.newPage();
  // The reporter signed in on this device some time before (the session lasts; the cookie is the host's,
  // so it also goes through the fault proxy on another port).
  await signInInBrowser(page, server.url);
  await page.goto(baseUrl);
  await waitForServiceWorkerControl(page);
  await device.context.setOffline(true);
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

async function outboxRecord(page: Page, id: string) {
  const record = await readDeviceRecord<OutboxRecord>(page, 'outbox', id);
  return { status: record?.status, hasBody: !!record && 'body' in record, receipt: record?.receipt };
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
  // Its sender (the demo user who signed in) reads its status.
  const reporter = DEMO_USERS.find((u) => u.username === 'reporter')!;
  const cookie = await server.session({ id: reporter.username, name: reporter.name, email: reporter.email, roles: ['reporter'] });
  expect((await getReportStatus(server.url, id, { cookie })).body).toMatchObject({ id, status: 'received' });
  // The device keeps the receipt and no longer holds the report itself.
  expect(await outboxRecord(page, id)).toMatchObject({ status: 'sent', hasBody: false, receipt: { reference } });
}

describe('sending when the network returns', () => {
  it('Background Sync in the service worker sends it exactly once, and the page shows it sent', async () => {
    const { page, id, reference } = await reportWrittenOffline();
    expect((await listStoredReports(server.location)).some((r) => r.id === id)).toBe(false);
    await device!.context.setOffline(false);
    await expectSentOnce(page, id, reference);
  });

  it('without Background Sync, the page sends it exactly once', async () => {
    const { page, id, reference } = await reportWrittenOffline({ withoutBackgroundSync: true });
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
      expect(await outboxRecord(page, id)).toMatchObject({ hasBody: true });

      proxy.setEnabled(false); // the endpoint recovers
      await expectSentOnce(page, id, reference);
    } finally {
      await proxy.close();
    }
  });
});
