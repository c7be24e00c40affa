// Every page against WCAG 2.2 A/AA with axe-core, and a whole report made with the keyboard alone.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, type Violation } from './support/axe.ts';
import { useAppOnDevice } from './support/browser-session.ts';
import { pickRadio, pressButton, typeInto } from './support/keyboard.ts';
import { daysAgo, fillBreachReport, fillLostDeviceReport, flowHooks, sendReport, startReport } from './support/report-flows.ts';

const session = useAppOnDevice();

const format = (violations: Violation[]) =>
  violations.map((v) => `${v.page}: ${v.id} (${v.impact}) ${v.help} at ${v.targets.join(', ')}`).join('\n');

describe('accessibility', () => {
  it('has no WCAG 2.2 A/AA violation on any page, including error states and the offline banner', async () => {
    const page = await session.device.newPage();
    const found: Violation[] = [];
    const headings: string[] = [];
    const titles: string[] = [];
    const check = async (label: string) => {
      found.push(...(await axeViolations(page, label)));
      // Every page has its own title: its h1, with "Error: " first while it shows errors (WCAG 2.4.2).
      const expected = async () => {
        const h1 = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
        const title = h1 === 'Report a security incident' ? h1 : `${h1} – Report a security incident`;
        return (await page.locator('.govuk-error-summary[data-module]').count()) > 0 ? `Error: ${title}` : title;
      };
      await expect.poll(async () => (await page.title()) === (await expected()), { timeout: 2_000 }).toBe(true).catch(() => undefined);
      const [title, want] = [await page.title(), await expected()];
      if (title !== want) titles.push(`${label}: "${title}" instead of "${want}"`);
    };

    await page.goto(session.server.url);
    await check('start');
    await page.getByRole('button', { name: 'Start report' }).click();
    await page.getByText('Select what you want to report', { exact: false }).first().waitFor();
    await check('start with error');

    await startReport(page, session.server.url, 'A data incident or personal data breach');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await check('question page with errors');

    // Walk both long flows, checking each page as it is reached, before it is answered.
    const walk = async (fillFlow: (p: Page, url: string) => Promise<void>) => {
      flowHooks.onPage = async (p, heading) => {
        headings.push(heading);
        await check(heading);
      };
      try {
        await fillFlow(page, session.server.url);
      } finally {
        flowHooks.onPage = undefined;
      }
    };
    await walk(fillBreachReport);
    await check('check answers (breach)');
    await page.getByRole('link', { name: 'Delete this report' }).click();
    await page.getByRole('heading', { level: 1, name: /Are you sure/ }).waitFor();
    await check('discard');
    await page.getByRole('link', { name: 'No, keep it' }).click();

    await walk(fillLostDeviceReport);
    await sendReport(page);
    await check('confirmation');

    await page.goto(`${session.server.url}/no-such-page`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await check('not found');

    await session.device.context.setOffline(true);
    await page.goto(session.server.url);
    await page.getByTestId('offline-banner').waitFor();
    await check('start, offline, with reports listed');
    await session.device.context.setOffline(false);

    expect(new Set(headings).size).toBeGreaterThanOrEqual(12); // every page of the four kinds of report (when and where share one)
    expect(format(found)).toBe('');
    expect(titles).toEqual([]);
  });

  it('can be completed with the keyboard alone', async () => {
    const page = await session.device.newPage();
    await page.goto(session.server.url);
    await page.getByRole('heading', { level: 1, name: 'Report a security incident' }).waitFor();

    await pickRadio(page, 'What do you want to report?', 'Another security incident');
    await pressButton(page, 'Start report');
    await page.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();

    await pickRadio(page, 'Was this an incident or a near-miss?', 'A near-miss');
    await pickRadio(page, 'What kind of incident was it?', 'Suspicious contact');
    await typeInto(page, 'Tell us what happened', 'A caller claiming to be from IT asked for my password.');
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { level: 1, name: 'When and where did it happen?' }).waitFor();

    await pickRadio(page, 'Do you know when it happened?', 'No');
    const when = daysAgo(6);
    await typeInto(page, 'Day', when.day);
    await typeInto(page, 'Month', when.month);
    await typeInto(page, 'Year', when.year);
    await typeInto(page, 'Hour', '10');
    await typeInto(page, 'Minute', '15');
    await pickRadio(page, 'Where did it happen?', 'A probation office');
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { level: 1, name: 'Personal data' }).waitFor();

    await pickRadio(page, 'Does it involve personal data?', 'No');
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { level: 1, name: 'Do this now' }).waitFor();

    await pickRadio(page, 'Have you contacted the IT Service Desk?', 'No');
    await pickRadio(page, 'Have you told your line manager?', 'Yes');
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { level: 1, name: 'About you' }).waitFor();

    await typeInto(page, 'Your full name', 'Kim Keyboard');
    await typeInto(page, 'Your work email address', 'kim.keyboard@justice.gov.uk');
    await typeInto(page, 'Your business area', 'Probation Service');
    await pickRadio(page, 'Are you staff, a contractor or a supplier?', 'Contractor');
    await typeInto(page, 'Your organisation', 'Acme Facilities Ltd');
    await pressButton(page, 'Continue');
    await page.getByRole('heading', { level: 1, name: 'Check your answers before sending your report' }).waitFor();

    await pressButton(page, 'Send report');
    await page.getByTestId('reference').waitFor();
    // Online, it may already have been sent by the time the confirmation shows.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Report (saved|sent)$/);
  });
});
