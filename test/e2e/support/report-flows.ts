// A reporter filling in each kind of report through the labels on screen, as a person would.
import type { Page } from 'playwright-core';

const group = (page: Page, legend: string) => page.getByRole('group', { name: legend, exact: true });

export async function choose(page: Page, legend: string, option: string) {
  await group(page, legend).getByLabel(option, { exact: true }).check();
}

export async function fill(page: Page, label: string, text: string) {
  await page.getByLabel(label, { exact: true }).fill(text);
}

export type DateAnswer = { day: string; month: string; year: string; time?: string };

/** The calendar date `days` before the day the test runs (UTC), as a reporter types it, at `time`. */
export function daysAgo(days: number, time?: string): DateAnswer {
  const date = new Date(Date.now() - days * 86_400_000);
  return { day: String(date.getUTCDate()), month: String(date.getUTCMonth() + 1), year: String(date.getUTCFullYear()), ...(time ? { time } : {}) };
}

export async function fillDate(page: Page, legend: string, d: DateAnswer) {
  const g = group(page, legend);
  await g.getByLabel('Day', { exact: true }).fill(d.day);
  await g.getByLabel('Month', { exact: true }).fill(d.month);
  await g.getByLabel('Year', { exact: true }).fill(d.year);
  if (d.time) {
    // Two boxes, as on a phone's number pad: digits only.
    const [hour, minute] = d.time.split(':');
    await g.getByLabel('Hour', { exact: true }).fill(hour!);
    await g.getByLabel('Minute', { exact: true }).fill(minute!);
  }
}

/** Called on every page a flow reaches, before it is answered (the accessibility test checks each one). */
export const flowHooks: { onPage?: (page: Page, heading: string) => Promise<void> } = {};

export async function continueTo(page: Page, nextHeading: string) {
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { level: 1, name: nextHeading }).waitFor();
  await flowHooks.onPage?.(page, nextHeading);
}

export async function startReport(page: Page, baseUrl: string, kind: string) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByRole('button', { name: 'Start report' }).click();
  await page.getByRole('heading', { level: 1, name: 'What happened?' }).waitFor();
  await flowHooks.onPage?.(page, 'What happened?');
}

/** From "The personal data involved" to "Training, actions and who has been told": the data and its consequences. */
export async function answerDataAndConsequences(page: Page) {
  const categories = group(page, 'Categories of personal data included in the breach');
  await categories.getByLabel('Basic personal identifiers, eg name, contact details').check();
  await categories.getByLabel('Other (please give details below)').check();
  await fill(page, 'Give details of the other categories', 'National Insurance numbers');
  const records = group(page, 'Number of personal data records concerned');
  await records.getByLabel('I know the number, or an estimate').check();
  await records.getByRole('textbox', { name: 'Number' }).fill('1,250');
  await group(page, 'How many data subjects could be affected?').getByLabel('Not known yet').check();
  await group(page, 'Categories of data subjects affected').getByLabel('Employees', { exact: true }).check();
  await continueTo(page, 'Consequences of the breach');
  await fill(page, 'Potential consequences of the breach', 'Possible phishing aimed at the staff concerned.');
  await choose(page, 'What is the likelihood that data subjects will experience significant consequences as a result of the breach?', 'Unlikely');
  await continueTo(page, 'Training, actions and who has been told');
}

/** "About you", ending on the check answers page. */
export async function aboutYou(page: Page, mark = '') {
  await fill(page, 'Your full name', `Sam Reporter${mark}`);
  await fill(page, 'Your work email address', `sam.reporter${mark}@justice.gov.uk`);
  await fill(page, 'Your business area', `HMCTS${mark}`);
  await choose(page, 'Are you staff, a contractor or a supplier?', 'Staff');
  await continueTo(page, 'Check your answers before sending your report');
}

/** A laptop stolen from a train; ends on the check answers page. `mark` is added to every text typed. */
export async function fillLostDeviceReport(page: Page, baseUrl: string, mark = '') {
  await startReport(page, baseUrl, 'A lost or stolen device');
  await choose(page, 'Was this an incident or a near-miss?', 'An incident');
  await fill(page, 'Tell us what happened', `My work laptop was taken from the luggage rack on the 17:05 train.${mark}`);
  await continueTo(page, 'About the device');
  await choose(page, 'What kind of device is it?', 'Laptop');
  await choose(page, 'Who issued the device?', 'Issued by the department');
  await fill(page, 'Asset tag or serial number (optional)', `MOJ-123456${mark}`);
  await choose(page, 'Was it lost or stolen?', 'Stolen');
  await continueTo(page, 'Do this now');
  await choose(page, 'Have you contacted the IT Service Desk?', 'Yes');
  await fill(page, 'Service desk ticket reference', `INC0012345${mark}`);
  await choose(page, 'Have you told your line manager?', 'Yes');
  await choose(page, 'Have you told the police?', 'Yes');
  await fill(page, 'Police incident reference', `BTP-2611-0042${mark}`);
  await continueTo(page, 'The device when you last saw it');
  await choose(page, 'What state was the device in when you last saw it?', 'Asleep or with the lid closed');
  await choose(page, 'Is the device encrypted?', 'Yes');
  await fill(page, 'What data or information may be on it?', `Court lists for two hearings${mark}`);
  await continueTo(page, 'When and where did it happen?');
  await choose(page, 'Do you know when it happened?', 'Yes');
  await fillDate(page, 'When did it happen?', daysAgo(5, '17:40'));
  await fillDate(page, 'When was it discovered?', daysAgo(5, '18:05'));
  await choose(page, 'Where did it happen?', 'Travelling');
  await continueTo(page, 'Personal data');
  await choose(page, 'Does it involve personal data?', 'No');
  await continueTo(page, 'About you');
  await aboutYou(page, mark);
}

/** A spreadsheet of staff details emailed to the wrong address; ends on the check answers page. */
export async function fillBreachReport(page: Page, baseUrl: string, discovered = daysAgo(1, '09:30')) {
  await startReport(page, baseUrl, 'A data incident or personal data breach');
  await choose(page, 'Was this an incident or a near-miss?', 'An incident');
  await fill(page, 'Tell us what happened', 'A spreadsheet of training records was emailed to an external address by mistake.');
  await continueTo(page, 'When and where did it happen?');
  await choose(page, 'Do you know when it happened?', 'No');
  await fillDate(page, 'When was it discovered?', discovered);
  await choose(page, 'Where did it happen?', 'Another office');
  await continueTo(page, 'Personal data');
  await choose(page, 'Does it involve personal data?', 'Yes');
  await continueTo(page, 'About the breach');
  await choose(page, 'Have you already spoken to a member of ICO staff about this breach?', 'No');
  await choose(page, 'Is this a new report or a follow-up?', 'Initial report');
  await choose(page, 'Was the breach caused by a cyber incident?', 'No');
  await fill(page, 'How did you find out about the breach?', 'The recipient replied to say they had received it.');
  await continueTo(page, 'The personal data involved');
  await answerDataAndConsequences(page);
  await choose(page, 'Had the staff member involved in this breach received data protection training in the last two years?', 'Yes');
  await choose(page, 'Have you told data subjects about the breach?', "No, but we're planning to");
  await choose(page, 'Have you told, or are you planning to tell any other organisations about the breach?', 'No');
  await continueTo(page, 'Do this now');
  await choose(page, 'Have you contacted the IT Service Desk?', 'No');
  await choose(page, 'Have you told your line manager?', 'Yes');
  await continueTo(page, 'About you');
  await aboutYou(page);
}

/** Sends from the check page and returns the reference shown on the confirmation. */
export async function sendReport(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.getByTestId('reference').waitFor();
  return (await page.getByTestId('reference').textContent())!.trim();
}
