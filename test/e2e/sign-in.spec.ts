// Sign-in in Chromium against the real endpoint and its development provider (http://localhost:<port>,
// another site than the app at 127.0.0.1): a report written offline by someone not signed in waits for a
// sign-in, the app says so with "Sign in to send", and after signing in it is sent, once. Then the reporter's
// details come from the sign-in, and signing out ends it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/server/auth/index.ts';
import { buildReport } from '../support/fixtures.ts';
import { listStoredReports, openStoreAt, postReport } from '../support/server.ts';
import { startAppAndDevice, type AppServer } from './support/app-server.ts';
import { waitForServiceWorkerControl, type Device } from './support/chromium.ts';
import { fillLostDeviceReport, sendReport, startReport } from './support/report-flows.ts';
import { axeViolations } from './support/axe.ts';
import { signInOnProviderPage } from './support/sign-in.ts';

const rosa = DEMO_USERS.find((u) => u.username === 'reporter')!;

let server: AppServer;
let device: Device;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ server, device, close } = await startAppAndDevice());
});
afterAll(async () => {
  await close?.();
});

describe('signing in to send', () => {
  it('refuses a report from nobody with 401', async () => {
    const report = buildReport();
    const answer = await postReport(server.url, report);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe('sign_in_required');
    expect((await listStoredReports(server.location)).some((r) => r.id === report.id)).toBe(false);
  });

  it('a report written offline waits for a sign-in, and is sent once the reporter signs in through the provider', async () => {
    const page = await device.newPage();
    await page.goto(server.url);
    await waitForServiceWorkerControl(page);
    // Nobody signed in, and the service is on the demo sign-in: every page says so.
    await page.getByRole('navigation', { name: 'Your account' }).getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.getByTestId('demo-banner').textContent()).toContain('for trying the service only');

    await device.context.setOffline(true);
    await fillLostDeviceReport(page, server.url);
    await sendReport(page);
    const id = page.url().split('/')[4]!;
    await expect.poll(() => page.getByTestId('status-sentence').textContent()).toContain('sent automatically when this device is back online');
    expect(await page.getByTestId('demo-banner').count()).toBe(1); // offline too

    // Online: the device tries, the endpoint answers 401, and the report waits for a sign-in, kept.
    await device.context.setOffline(false);
    const signIn = page.getByRole('button', { name: 'Sign in to send' });
    await signIn.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('status-sentence').textContent()).toContain('Sign in to send it. It is still saved on this device.');
    expect((await listStoredReports(server.location)).some((r) => r.id === id)).toBe(false);
    const violations = await axeViolations(page, 'confirmation, waiting for a sign-in');
    // The provider's page is part of the journey a reporter takes (demo only, but checked all the same).

    // Signing in goes to the provider, on another site, and comes back to this very page.
    await signIn.click();
    await page.waitForURL((url) => url.hostname === 'localhost');
    expect(await page.getByTestId('demo-banner').textContent()).toContain('for trying the service only');
    await page.getByLabel('Username').waitFor();
    violations.push(...(await axeViolations(page, 'demo provider sign-in')));
    await signInOnProviderPage(page, server.url, 'reporter');
    expect(new URL(page.url()).pathname).toBe(`/report/${id}/sent`);

    // Back in the app: the report goes, once, as the signed-in reporter's.
    await page.getByRole('heading', { level: 1, name: 'Report sent' }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('account').textContent()).toContain(`Signed in as ${rosa.name}`);
    violations.push(...(await axeViolations(page, 'confirmation, sent, signed in')));
    expect(violations).toEqual([]);
    const stored = (await listStoredReports(server.location)).filter((r) => r.id === id);
    expect(stored).toHaveLength(1);
    const store = await openStoreAt(server.location);
    try {
      expect((await store.findReport(id))?.submittedBy).toBe('reporter');
    } finally {
      await store.close();
    }
    await page.close();
  });

  it("fills a new report's name and email from the sign-in, still editable", async () => {
    const page = await device.newPage();
    await startReport(page, server.url, 'Another security incident');
    const id = page.url().split('/')[4]!;
    await page.goto(`${server.url}/report/${id}/about-you`);
    const name = page.getByLabel('Your full name', { exact: true });
    await expect.poll(() => name.inputValue()).toBe(rosa.name);
    expect(await page.getByLabel('Your work email address', { exact: true }).inputValue()).toBe(rosa.email);
    await name.fill('Rosa R. Reporter');
    // Saved on the device as it is typed, then read again from there.
    await page.reload();
    await expect.poll(() => page.getByLabel('Your full name', { exact: true }).inputValue()).toBe('Rosa R. Reporter');
    await page.close();
  });

  it('signs out from the header, out of the provider too, and the app then offers Sign in', async () => {
    const page = await device.newPage();
    await page.goto(server.url);
    const account = page.getByRole('navigation', { name: 'Your account' });
    await account.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.hostname === 'localhost');
    await page.getByRole('button', { name: 'Sign out of the demo sign-in' }).click();
    await page.waitForURL(`${server.url}/`);
    await account.getByRole('button', { name: 'Sign in' }).waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/me')).json());
    expect(me).toEqual({ user: null, demo: true });
    await page.close();
  });
});
