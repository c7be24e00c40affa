// A follow-up in Chromium against the real endpoint (production build, its own process), issue 9 and issue 6
// §2: a reporter sends a breach report, starts its follow-up from the sent report on the start page (the
// follow-up and the reference of the initial report already filled in), gives the steps to prevent a
// recurrence each with its completion date (a row added, one removed, a missing date named), and sends it.
// The endpoint adds it to the first report's case: the manager's console shows one case, with the follow-up
// and its steps on the case page and on its timeline; the manager's own follow-up starts from the case's
// answers. axe finds nothing on the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { testUser } from '../support/sign-in.ts';
import { startAppAndDevice } from './support/app-server.ts';
import { axeViolations, type Violation } from './support/axe.ts';
import { aboutYou, answerDataAndConsequences, choose, continueTo, daysAgo, fill, fillBreachReport, fillDate, sendReport } from './support/report-flows.ts';
import { signInDevice } from './support/sign-in.ts';

let app: Awaited<ReturnType<typeof startAppAndDevice>>;

beforeAll(async () => {
  app = await startAppAndDevice({ env: { NOTIFY_INTERVAL_MS: '200' } });
});
afterAll(async () => {
  await app?.close();
});

const step = (page: Page, n: number) => page.getByRole('group', { name: `Step ${n}`, exact: true });

async function fillStepDate(page: Page, n: number, d: { day: string; month: string; year: string }) {
  await fillDate(page, `When do you expect step ${n} to be completed?`, d);
}

describe('a follow-up report', () => {
  it('is started from the sent report, gives each step its date, and joins the first report\'s case in the console', async () => {
    await signInDevice(app.device, app.server, testUser({ name: 'Sam Reporter' }));
    const page = await app.device.newPage();
    const violations: Violation[] = [];

    await fillBreachReport(page, app.server.url);
    await sendReport(page);
    await page.goto(app.server.url);
    const sent = page.getByTestId('outbox-report').filter({ has: page.locator('.govuk-tag', { hasText: /^Sent$/ }) });
    await sent.waitFor({ timeout: 30_000 });
    const initialReference = (await sent.locator('.app-reference').textContent())!.trim();

    await sent.getByRole('button', { name: `Send a follow-up to report ${initialReference}` }).click();
    await page.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();
    await choose(page, 'Was this an incident or a near-miss?', 'An incident');
    await fill(page, 'Tell us what happened', 'The spreadsheet was also copied to a shared drive, found during the investigation.');
    await continueTo(page, 'When and where did it happen?');
    await choose(page, 'Do you know when it happened?', 'No');
    await fillDate(page, 'When was it discovered?', daysAgo(1, '09:30'));
    await choose(page, 'Where did it happen?', 'Another office');
    await continueTo(page, 'Personal data');
    expect(await page.getByRole('group', { name: 'Does it involve personal data?' }).getByLabel('Yes', { exact: true }).isChecked()).toBe(true);
    await continueTo(page, 'About the breach');
    expect(await page.getByLabel('Follow-up report', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('Reference of the initial report (optional)').inputValue()).toBe(initialReference);
    violations.push(...(await axeViolations(page, 'about the breach, follow-up')));
    await choose(page, 'Have you already spoken to a member of ICO staff about this breach?', 'No');
    await fill(page, 'ICO case reference', 'IC-31191-G5C6');
    await choose(page, 'Was the breach caused by a cyber incident?', 'No');
    await fill(page, 'How did you find out about the breach?', 'The investigation found the copy.');
    await continueTo(page, 'The personal data involved');
    await answerDataAndConsequences(page);

    await choose(page, 'Had the staff member involved in this breach received data protection training in the last two years?', 'Yes');
    await fill(page, 'Describe any measures you had in place before the breach with the aim of preventing a breach of this nature', 'Spreadsheets with personal data are kept on one restricted drive.');
    await step(page, 1).getByLabel('Describe step 1').fill('Delete the copy and audit the shared drive');
    await fillStepDate(page, 1, { day: '31', month: '3', year: '2027' });
    await page.getByRole('button', { name: 'Add another step' }).click();
    await step(page, 2).getByLabel('Describe step 2').fill('Block personal data on shared drives');
    await page.getByRole('button', { name: 'Add another step' }).click();
    await step(page, 3).getByLabel('Describe step 3').fill('A step added by mistake');
    await step(page, 3).getByRole('button', { name: 'Remove step 3' }).click();
    expect(await page.getByTestId('step').count()).toBe(2);
    await choose(page, 'Have you told data subjects about the breach?', "No, but we're planning to");
    await choose(page, 'Have you told, or are you planning to tell any other organisations about the breach?', 'No');
    await page.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'Enter the date step 2 will be completed' }).waitFor();
    violations.push(...(await axeViolations(page, 'steps with an error')));
    await summary.getByRole('link', { name: 'Enter the date step 2 will be completed' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('breach-recurrenceSteps-1-completeBy-day');
    await fillStepDate(page, 2, { day: '30', month: '6', year: '2027' });
    await continueTo(page, 'Do this now');
    await choose(page, 'Have you contacted the IT Service Desk?', 'No');
    await choose(page, 'Have you told your line manager?', 'Yes');
    await continueTo(page, 'About you');
    await aboutYou(page);
    const stepsRow = page.locator('.govuk-summary-list__row', { has: page.getByText('Outline any steps you are taking to prevent a recurrence', { exact: false }) });
    expect(await stepsRow.getByRole('listitem').allTextContents()).toEqual([
      'Delete the copy and audit the shared drive (to be completed by 31 March 2027)',
      'Block personal data on shared drives (to be completed by 30 June 2027)',
    ]);
    const followUpReference = await sendReport(page);
    await page.goto(app.server.url);
    await page.getByTestId('outbox-report').filter({ hasText: followUpReference }).filter({ has: page.locator('.govuk-tag', { hasText: /^Sent$/ }) }).waitFor({ timeout: 30_000 });

    // The manager's console: one case, with the follow-up on its page and its timeline.
    await app.device.context.clearCookies();
    await signInDevice(app.device, app.server, testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] }));
    const team = await app.device.newPage();
    await team.goto(`${app.server.url}/console`);
    await team.getByRole('link', { name: initialReference }).waitFor({ timeout: 30_000 });
    expect(await team.getByRole('link', { name: followUpReference }).count()).toBe(0);
    await team.getByRole('link', { name: initialReference }).click();
    const followUps = team.getByTestId('follow-ups');
    await followUps.waitFor({ timeout: 30_000 });
    expect(await followUps.textContent()).toContain(`Follow-up ${followUpReference}`);
    expect(await followUps.textContent()).toContain(`it gives this case's reference, ${initialReference}`);
    await followUps.getByText('Block personal data on shared drives (to be completed by 30 June 2027)').waitFor();
    await team.locator('.moj-timeline').getByText(`Follow-up report ${followUpReference} added to this case`).waitFor();
    violations.push(...(await axeViolations(team, 'case page with a follow-up')));

    // The team's own follow-up starts from the case's answers, in the reporter's pages of the same browser.
    await team.getByRole('button', { name: 'Write a follow-up report' }).click();
    await team.getByRole('heading', { level: 1, name: 'About the breach' }).waitFor({ timeout: 30_000 });
    expect(await team.getByLabel('Reference of the initial report (optional)').inputValue()).toBe(initialReference);
    expect(await team.getByLabel('How did you find out about the breach?').inputValue()).toBe('The recipient replied to say they had received it.');
    expect(violations).toEqual([]);
  });
});
