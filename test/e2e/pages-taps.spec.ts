// Counts the taps and screens of the commonest report, a lost phone, on a 360 px phone with no network: each
// tap on an option, a box before typing in it, or a button counts one; each page reached counts one screen.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { waitForServiceWorkerControl } from './support/chromium.ts';
import { useAppOnDevice } from './support/browser-session.ts';

const session = useAppOnDevice();

describe('a lost-phone report on a phone, offline', () => {
  it('counts its taps and screens', async () => {
    const page: Page = await session.device.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(session.server.url);
    await waitForServiceWorkerControl(page);
    await session.device.context.setOffline(true);
    await page.reload();

    let taps = 0;
    const screens = new Set<string>();
    const tap = async (target: Locator) => {
      taps++;
      await target.click();
    };
    const group = (legend: string) => page.getByRole('group', { name: legend, exact: true });
    const choose = (legend: string, option: string) => tap(group(legend).getByLabel(option, { exact: true }));
    const type = async (label: string, text: string, within: Page | Locator = page) => {
      const box = within.getByLabel(label, { exact: true });
      await tap(box);
      await box.pressSequentially(text);
    };
    const next = async (heading: string, button = 'Continue') => {
      await tap(page.getByRole('button', { name: button }));
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      screens.add(heading);
    };
    const now = new Date();
    const today = { day: String(now.getDate()), month: String(now.getMonth() + 1), year: String(now.getFullYear()) };

    screens.add('Report a security incident');
    await tap(page.getByLabel('A lost or stolen device', { exact: true }));
    await next('What happened?', 'Start report');
    await choose('Was this an incident or a near-miss?', 'An incident');
    await type('Tell us what happened', 'Phone lost on the bus');
    await next('About the device');
    await choose('What kind of device is it?', 'Mobile phone');
    await choose('Who issued the device?', 'Issued by the department');
    await choose('Was it lost or stolen?', 'Lost');
    await next('Do this now');
    await choose('Have you contacted the IT Service Desk?', 'No');
    await choose('Have you told your line manager?', 'No');
    await choose('Have you told the police?', 'No');
    await next('The device when you last saw it');
    await choose('What state was the device in when you last saw it?', 'Locked');
    await type('What data or information may be on it?', 'Email');
    await next('When and where did it happen?');
    await choose('Do you know when it happened?', 'No');
    // The reporter noticed the phone was gone a moment ago: one button fills today's date and the time.
    await tap(group('When was it discovered?').getByRole('button', { name: 'Just now' }));
    const discovered = group('When was it discovered?');
    for (const [label, value] of Object.entries(today)) expect(await discovered.getByLabel(label[0]!.toUpperCase() + label.slice(1), { exact: true }).inputValue()).toBe(value);
    expect(await discovered.getByLabel('Hour', { exact: true }).inputValue()).toMatch(/^\d\d$/);
    await choose('Where did it happen?', 'Travelling');
    await next('Personal data');
    await choose('Does it involve personal data?', 'No');
    await next('About you');
    await type('Your full name', 'Sam');
    await type('Your work email address', 'sam@justice.gov.uk');
    await type('Your business area', 'HMCTS');
    await choose('Are you staff, a contractor or a supplier?', 'Staff');
    await next('Check your answers before sending your report');
    await tap(page.getByRole('button', { name: 'Send report' }));
    await page.getByTestId('reference').waitFor();
    screens.add('Report saved');

    console.log(`lost-phone report, 360 px, offline: ${taps} taps, ${screens.size} screens (${[...screens].join(' > ')})`);
    expect(taps).toBeLessThanOrEqual(28);
    expect(screens.size).toBeLessThanOrEqual(11);
    await session.device.context.setOffline(false);
  });
});
