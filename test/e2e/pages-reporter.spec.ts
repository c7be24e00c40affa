// The reporter's pages where only a real browser can judge: number-pad time entry, titles, two tabs on one
// draft, closing right after typing, and focus after a Change link.
import { describe, expect, it } from 'vitest';
import { useAppOnDevice } from './support/browser-session.ts';
import { choose, continueTo, fill, fillLostDeviceReport, startReport } from './support/report-flows.ts';

const session = useAppOnDevice();

describe("the reporter's pages", () => {
  it('takes the discovery time from digits alone, as on a phone number pad', async () => {
    const page = await session.device.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await startReport(page, session.server.url, 'Another security incident');
    await choose(page, 'Was this an incident or a near-miss?', 'A near-miss');
    await choose(page, 'What kind of incident was it?', 'Something else');
    await fill(page, 'Tell us what happened', 'A door to the server room was propped open.');
    await continueTo(page, 'When and where did it happen?');
    await choose(page, 'Do you know when it happened?', 'Yes');
    const digitsInto = async (legend: string, label: string, digits: string) => {
      await page.getByRole('group', { name: legend, exact: true }).getByLabel(label, { exact: true }).focus();
      for (const d of digits) await page.keyboard.press(d); // only keys a number pad has
    };
    for (const [label, digits] of [['Day', '3'], ['Month', '2'], ['Year', '2025'], ['Hour', '9'], ['Minute', '5']] as const) await digitsInto('When did it happen?', label, digits);
    for (const [label, digits] of [['Day', '3'], ['Month', '2'], ['Year', '2025'], ['Hour', '0930']] as const) await digitsInto('When was it discovered?', label, digits);
    await choose(page, 'Where did it happen?', 'A court or tribunal');
    await continueTo(page, 'Personal data');
    await page.goto(`${page.url().replace(/\/personal-data$/, '')}/check`);
    const row = (label: string) => page.locator('.govuk-summary-list__row', { has: page.getByText(label, { exact: true }) }).locator('.app-answer');
    expect(await row('When did it happen?').textContent()).toBe('3 February 2025 at 09:05');
    expect(await row('When was it discovered?').textContent()).toBe('3 February 2025 at 09:30');
    await page.close();
  });

  it('merges two windows on one draft answer by answer, and each shows the other\'s changes as they happen', async () => {
    const a = await session.device.newPage();
    await startReport(a, session.server.url, 'Another security incident');
    const b = await session.device.newPage();
    await b.goto(a.url());
    await b.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();

    await fill(a, 'Tell us what happened', 'Someone tailgated into the server room.');
    await choose(b, 'Was this an incident or a near-miss?', 'A near-miss');
    await choose(a, 'What kind of incident was it?', 'Physical security of IT (a door, cabinet, server room or equipment)');
    // Each window shows the other's answers without a reload.
    await expect.poll(() => b.getByLabel('Tell us what happened', { exact: true }).inputValue()).toBe('Someone tailgated into the server room.');
    await expect.poll(() => a.getByRole('group', { name: 'Was this an incident or a near-miss?' }).getByLabel('A near-miss').isChecked()).toBe(true);
    await expect.poll(() => b.getByRole('group', { name: 'What kind of incident was it?' }).getByLabel(/^Physical security/).isChecked()).toBe(true);
    // The same answer changed in both: the last change wins, everywhere.
    await fill(b, 'Tell us what happened', 'Someone tailgated into the server room at 08:10.');
    await expect.poll(() => a.getByLabel('Tell us what happened', { exact: true }).inputValue()).toBe('Someone tailgated into the server room at 08:10.');

    // Continue in either window finds every answer there.
    await continueTo(a, 'When and where did it happen?');
    const reopened = await session.device.newPage();
    await reopened.goto(a.url().replace(/\/when$/, '/what-happened'));
    await reopened.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();
    expect(await reopened.getByLabel('Tell us what happened', { exact: true }).inputValue()).toBe('Someone tailgated into the server room at 08:10.');
    expect(await reopened.getByLabel('A near-miss').isChecked()).toBe(true);
    for (const p of [a, b, reopened]) await p.close();
  });

  it('keeps the last word typed when the window is closed right after it (20 trials)', async () => {
    const page = await session.device.newPage();
    await startReport(page, session.server.url, 'Another security incident');
    const url = page.url();
    await page.close();
    let kept = 0;
    const delays: number[] = [];
    const lost: number[] = [];
    for (let trial = 0; trial < 20; trial++) {
      const p = await session.device.newPage();
      await p.goto(url);
      const box = p.getByLabel('Tell us what happened', { exact: true });
      await box.waitFor();
      const before = await box.inputValue();
      await box.focus();
      await p.keyboard.press('End');
      const word = ` word${trial}`;
      await p.keyboard.type(word);
      // 20 to 149 ms after the last key: a person closing a window right after typing.
      const delay = 20 + ((trial * 37) % 130);
      delays.push(delay);
      await new Promise((resolve) => setTimeout(resolve, delay));
      await p.close({ runBeforeUnload: false });
      const check = await session.device.newPage();
      await check.goto(url);
      const again = check.getByLabel('Tell us what happened', { exact: true });
      await again.waitFor();
      if ((await again.inputValue()) === before + word) kept++;
      else lost.push(delay);
      await check.close();
    }
    console.log(`close right after typing (delays ${delays.join(', ')} ms): the last word kept in ${kept} of 20 trials${lost.length ? `; lost at ${lost.join(', ')} ms` : ''}`);
    expect(lost).toEqual([]);
  });

  it('after a Change or error link, focuses the question and scrolls it into view', async () => {
    const page = await session.device.newPage();
    await page.setViewportSize({ width: 640, height: 400 }); // a laptop at 200 % zoom
    await fillLostDeviceReport(page, session.server.url);
    const focusedField = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement;
        const box = el.getBoundingClientRect();
        return { label: el.labels?.[0]?.textContent?.trim() ?? el.tagName, onScreen: box.top >= 0 && box.bottom <= innerHeight };
      });
    await page.getByRole('link', { name: 'Change your business area' }).click();
    await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
    await expect.poll(focusedField).toEqual({ label: 'Your business area', onScreen: true });

    // An error link from the check page: a required answer removed, then Send.
    await page.getByLabel('Your business area', { exact: true }).fill('');
    await page.goto(page.url().replace(/about-you.*$/, 'check'));
    await page.getByRole('button', { name: 'Send report' }).click();
    await page.getByRole('link', { name: /Enter your business area/ }).click();
    await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();
    await expect.poll(focusedField).toEqual({ label: 'Your business area', onScreen: true });

    // A date: its first box.
    await page.goto(page.url().replace(/about-you.*$/, 'check'));
    await page.getByRole('link', { name: 'Change when was it discovered?' }).click();
    await page.getByRole('heading', { level: 1, name: 'When and where did it happen?' }).waitFor();
    await expect.poll(focusedField).toEqual({ label: 'Day', onScreen: true });
    await page.close();
  });
});
