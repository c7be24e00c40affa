// The regulator's side of the console in Chromium against the real endpoint: the data protection officer signs
// in through the development provider, opens the case file's breach, records the decision on the case page,
// downloads the regulator's form, and the .docx says, question by question, exactly what the case file's form
// says (ticked options ☒ and answers), with the decision ticked. axe finds nothing on the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { openStoreAt } from '../support/server.ts';
import { checkFormParagraphs, documentParagraphs, initialExpected } from '../support/ico-form-check.ts';
import { casefileBreach } from '../unit/fixtures/casefile.ts';
import { startAppAndDevice } from './support/app-server.ts';
import { axeViolations, type Violation } from './support/axe.ts';
import { signInInBrowser } from './support/sign-in.ts';

let app: Awaited<ReturnType<typeof startAppAndDevice>>;

beforeAll(async () => {
  app = await startAppAndDevice();
  // The case file's breach as the endpoint stores a report (no decision yet): the DPO decides in the page.
  const store = await openStoreAt(app.server.location);
  try {
    await store.saveReport(casefileBreach);
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await app?.close();
});

describe("the regulator's side of the console", () => {
  it("the DPO records the decision and downloads the form: the .docx is the case file's form with the case's answers", async () => {
    const page = await app.device.newPage();
    const violations: Violation[] = [];
    await signInInBrowser(page, app.server.url, 'dpo', `/console/cases/${casefileBreach.id}`);
    const section = page.getByTestId('regulator');
    await section.getByText('No decision recorded').waitFor();
    violations.push(...(await axeViolations(page, 'case page with the Regulator section')));

    await page.getByLabel('I consider the incident meets the threshold to report').check();
    await page.getByLabel('Reason for any delay past the 72 hours').fill('Recorded again in the console for the demonstration');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByTestId('regulator-decision').getByText('I consider the incident meets the threshold to report').waitFor();
    await page.locator('.moj-timeline').getByText('Decision on the regulator: I consider the incident meets the threshold to report').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the initial report (.docx)' }).click()]);
    expect(download.suggestedFilename()).toBe(`${casefileBreach.reference}-ico-initial.docx`);
    const docx = new Uint8Array(await readFile((await download.path())!));
    // "Person making this report" is whoever downloads it: the development provider's DPO.
    checkFormParagraphs(await documentParagraphs(docx), {
      ...initialExpected,
      'Person making this report': 'Name: Priya Privacy\nEmail: priya.privacy@example.org\nPhone:',
    });

    await page.getByRole('link', { name: 'Print view' }).click();
    await page.getByTestId('form-print').getByText('☒ I consider the incident meets the threshold to report').waitFor();
    violations.push(...(await axeViolations(page, 'form print view')));

    await page.getByRole('link', { name: 'Breach register' }).click();
    await page.getByTestId('register').getByText(casefileBreach.reference).waitFor();
    violations.push(...(await axeViolations(page, 'breach register')));

    await page.getByRole('link', { name: 'Quarterly return' }).click();
    await page.getByTestId('return-table').waitFor();
    expect(await page.getByTestId('return-chart').locator('svg rect[data-count]').count()).toBe(8 * 4);
    violations.push(...(await axeViolations(page, 'quarterly return')));

    expect(violations).toEqual([]);
    await page.close();
  });
});
