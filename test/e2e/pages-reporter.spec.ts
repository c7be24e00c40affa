// The reporter's pages where only a real browser can judge: number-pad time entry, titles, two tabs on one
// draft, closing right after typing, and focus after a Change link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from './support/app-server.ts';
import { makeProfileDir, removeProfileDir, startDevice, type Device } from './support/chromium.ts';
import { choose, continueTo, fill, startReport } from './support/report-flows.ts';

let server: AppServer;
let device: Device;
let profile: string;

beforeAll(async () => {
  server = await startAppServer();
  profile = makeProfileDir();
  device = await startDevice(profile);
});

afterAll(async () => {
  await device?.close();
  await server?.close();
  removeProfileDir(profile);
});

describe("the reporter's pages", () => {
  it('takes the discovery time from digits alone, as on a phone number pad', async () => {
    const page = await device.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await startReport(page, server.url, 'Another security incident');
    await choose(page, 'Was this an incident or a near-miss?', 'A near-miss');
    await choose(page, 'What kind of incident was it?', 'Something else');
    await fill(page, 'Tell us what happened', 'A door to the server room was propped open.');
    await continueTo(page, 'When did it happen?');
    await choose(page, 'Do you know when it happened?', 'Yes');
    const digitsInto = async (legend: string, label: string, digits: string) => {
      await page.getByRole('group', { name: legend, exact: true }).getByLabel(label, { exact: true }).focus();
      for (const d of digits) await page.keyboard.press(d); // only keys a number pad has
    };
    for (const [label, digits] of [['Day', '3'], ['Month', '2'], ['Year', '2025'], ['Hour', '9'], ['Minute', '5']] as const) await digitsInto('When did it happen?', label, digits);
    for (const [label, digits] of [['Day', '3'], ['Month', '2'], ['Year', '2025'], ['Hour', '0930']] as const) await digitsInto('When was it discovered?', label, digits);
    await continueTo(page, 'Where did it happen?');
    await page.goto(`${page.url().replace(/\/where$/, '')}/check`);
    const row = (label: string) => page.locator('.govuk-summary-list__row', { has: page.getByText(label, { exact: true }) }).locator('.app-answer');
    expect(await row('When did it happen?').textContent()).toBe('3 February 2025 at 09:05');
    expect(await row('When was it discovered?').textContent()).toBe('3 February 2025 at 09:30');
    await page.close();
  });
});
