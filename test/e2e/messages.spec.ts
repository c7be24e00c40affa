// Issue 9 end to end in Chromium, against the real endpoint (its own process, production build) and the
// development identity provider: a reporter sends a breach report offline; it reaches the endpoint once the
// network is back and tops the manager's queue with its clock; the manager triages it, takes it and asks two
// questions; the reporter, offline, opens the app, sees them (fetched on the last online sync), answers both
// and adds information; back online, each reply is sent exactly once and lands on the case; the manager closes
// the case; the reporter's device shows it closed, with the date. Screenshots at 1280 and 360 px into
// test-results/screens; axe on the new pages; a question holding markup is shown as text (0 beacon calls).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDateTime } from '../../src/shared/dates.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { listStoredReports, openStoreAt, REPO_ROOT } from '../support/server.ts';
import { startAppAndDevice } from './support/app-server.ts';
import { axeViolations, type Violation } from './support/axe.ts';
import { waitForServiceWorkerControl } from './support/chromium.ts';
import { readDeviceRecord } from './support/outbox.ts';
import { fillBreachReport, sendReport } from './support/report-flows.ts';
import { signInInBrowser } from './support/sign-in.ts';

const SCREENS = path.join(REPO_ROOT, 'test-results', 'screens');
const WIDTHS = [1280, 360];
const QUESTION = 'Which external address was the spreadsheet sent to, and has the recipient replied since?';
const MARKUP = '<img src=x onerror=__beacon()> Did you copy anyone in?';
const ANSWER = 'To a personal webmail address of a former trainer. She replied that she deleted it unread.';
const ANSWER_2 = '<script>__beacon()</script> No one else was copied in.';
const ADDED = 'I found a second email with the same attachment, sent the week before to the same address.';

let app: Awaited<ReturnType<typeof startAppAndDevice>>;

beforeAll(async () => {
  app = await startAppAndDevice({ env: { NOTIFY_INTERVAL_MS: '200' } });
  // Two other cases already in the queue: one with no regulator clock, one whose clock has longer to run.
  const now = new Date(Date.now() - 2 * 3_600_000);
  const parts = { day: String(now.getUTCDate()), month: String(now.getUTCMonth() + 1), year: String(now.getUTCFullYear()), time: `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}` };
  const store = await openStoreAt(app.server.location);
  try {
    await store.saveReport(buildReport());
    await store.saveReport(buildBreachReport({ timeZone: 'UTC', happenedAt: parts, discoveredAt: parts }));
  } finally {
    await store.close();
  }
});
afterAll(async () => {
  await app?.close();
});

/** Pages wider than the screen (sideways scrolling of the whole page), as "name at width: by N px". */
const overflows: string[] = [];

/** Full-page screenshots of what `page` shows, at each width; returns the files written. */
async function screenshots(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENS, { recursive: true });
  const files: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const over = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (over > 0) overflows.push(`${name} at ${width} px: by ${over} px`);
    const file = path.join(SCREENS, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
    files.push(file);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  return files;
}

/** What the endpoint stored of the reporter's replies about `reportId`, and its audit rows for them. */
async function storedReplies(reportId: string) {
  const store = await openStoreAt(app.server.location);
  try {
    const db = store.db.withTables<{ case_messages: { id: string; report_id: string; kind: string; text: string }; audit_log: { case_id: string; action: string } }>();
    const rows = await db.selectFrom('case_messages').select(['id', 'kind', 'text']).where('report_id', '=', reportId).where('kind', '<>', 'question').execute();
    const audit = await db.selectFrom('audit_log').select('action').where('case_id', '=', reportId).where('action', 'like', 'reporter-%').execute();
    return { rows, audited: audit.length };
  } finally {
    await store.close();
  }
}

describe("the incident team's questions and the reporter's answers", () => {
  it('from an offline report to a closed case, every reply sent once, the reporter shown each step', async () => {
    const { device, server } = app;
    const url = server.url;
    const violations: Violation[] = [];
    const shots: string[] = [];

    // ---- The reporter signs in once (development provider), installs the app, and writes the report offline.
    const reporter = await device.newPage();
    let beacons = 0;
    await reporter.exposeFunction('__beacon', () => beacons++);
    await signInInBrowser(reporter, url, 'reporter', '/');
    await waitForServiceWorkerControl(reporter);
    await device.context.setOffline(true);
    await fillBreachReport(reporter, url);
    const reference = await sendReport(reporter);
    const id = reporter.url().split('/')[4]!;
    expect(await reporter.getByRole('heading', { level: 1 }).textContent()).toBe('Report saved');
    expect((await listStoredReports(server.location)).some((r) => r.id === id)).toBe(false);

    // ---- Network back: it is stored, once.
    await device.context.setOffline(false);
    await reporter.getByRole('link', { name: 'See all your reports' }).click();
    await reporter.getByTestId('outbox-report').filter({ has: reporter.locator('.govuk-tag', { hasText: /^Sent$/ }) }).waitFor({ timeout: 60_000 });
    expect((await listStoredReports(server.location)).filter((r) => r.id === id)).toHaveLength(1);

    // ---- The manager (their own browser context) finds it at the top of the queue, with its clock.
    const managerContext = await device.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const manager = await managerContext.newPage();
    await signInInBrowser(manager, url, 'manager', '/console');
    const firstRow = manager.locator('[data-testid=queue] tbody tr').first();
    await firstRow.locator(`a[href="/console/cases/${id}"]`).waitFor({ timeout: 15_000 });
    expect(await manager.locator('[data-testid=queue] tbody tr').count()).toBe(3);
    const row = await firstRow.innerText();
    expect(row).toContain(reference);
    expect(row).toMatch(/\d+ h \d+ min left/i);
    console.log(`queue, first row: ${row.replace(/\s+/g, ' ')}`);
    violations.push(...(await axeViolations(manager, 'queue')));
    shots.push(...(await screenshots(manager, 'queue')));

    // ---- Triage, ownership, two questions.
    await manager.click(`a[href="/console/cases/${id}"]`);
    await manager.getByRole('heading', { level: 1, name: /^Case / }).waitFor();
    await manager.getByLabel('High', { exact: true }).check();
    await manager.getByLabel("Personal data involved (the team's decision)").selectOption('yes');
    await manager.getByRole('button', { name: 'Save triage' }).click();
    await manager.getByText('Yes (confirmed by the team)').waitFor();
    await manager.getByLabel('Move the case to').selectOption('triaged');
    await manager.getByRole('button', { name: 'Change status' }).click();
    await manager.locator('[data-testid=case-summary]').getByText('Triaged', { exact: true }).waitFor();
    await manager.getByRole('button', { name: 'Assign' }).click();
    await manager.locator('[data-testid=case-summary]').getByText('Mina Manager', { exact: true }).waitFor();
    for (const [n, text] of [QUESTION, MARKUP].entries()) {
      await manager.getByLabel('Question', { exact: true }).fill(text);
      await manager.getByRole('button', { name: 'Send question' }).click();
      await manager.getByTestId('question').nth(n).getByText('Waiting for an answer').waitFor();
    }
    await manager.locator('.moj-timeline').getByText(`Question: ${QUESTION}`).waitFor();

    // ---- The reporter's next online sync brings the questions and the status.
    await reporter.reload();
    const item = reporter.getByTestId('outbox-report').first();
    await item.getByTestId('open-questions').getByText('2 questions for you').waitFor({ timeout: 15_000 });
    expect(await item.locator('.govuk-tag').first().textContent()).toBe('Being handled');
    expect(await item.innerText()).toMatch(/An incident manager has been handling it since \d+ \w+ \d{4} \d\d:\d\d\./);

    // ---- Offline, the reporter opens the app: the questions are there; they answer both and add information.
    await device.context.setOffline(true);
    await reporter.goto(url);
    await reporter.getByTestId('offline-banner').waitFor();
    await reporter.getByTestId('open-questions').getByText('2 questions for you').waitFor();
    shots.push(...(await screenshots(reporter, 'reports-offline')));
    await reporter.getByRole('link', { name: /Answer the incident team's question/ }).click();
    await reporter.getByRole('heading', { level: 1, name: 'Question from the incident team' }).waitFor();
    expect(await reporter.getByTestId('question-text').textContent()).toBe(QUESTION);
    await reporter.getByTestId('offline-banner').waitFor();
    violations.push(...(await axeViolations(reporter, 'question page, offline')));
    shots.push(...(await screenshots(reporter, 'question')));
    expect(await reporter.title()).toBe('Question from the incident team – Report a security incident');

    // Nothing typed: the error summary, and the title says so.
    await reporter.getByRole('button', { name: 'Send answer' }).click();
    await reporter.locator('.govuk-error-summary').getByText('Enter your answer').waitFor();
    // The title follows the page once it is painted (PageTitle's effect): asked until then.
    await expect.poll(() => reporter.title(), { timeout: 5_000 }).toBe('Error: Question from the incident team – Report a security incident');
    violations.push(...(await axeViolations(reporter, 'question page with an error')));

    await reporter.getByLabel('Your answer').fill(ANSWER);
    await reporter.getByRole('button', { name: 'Send answer' }).click();
    await reporter.getByTestId('reply-status').getByText('Answer saved').waitFor();
    expect(await reporter.getByTestId('reply-status').innerText()).toContain('sent to the incident team automatically when this device is back online');
    violations.push(...(await axeViolations(reporter, 'answer saved')));

    await reporter.getByRole('link', { name: "Answer the team's next question" }).click();
    await reporter.getByTestId('question-text').getByText(MARKUP).waitFor();
    await reporter.getByLabel('Your answer').fill(ANSWER_2);
    await reporter.getByRole('button', { name: 'Send answer' }).click();
    await reporter.getByTestId('reply-status').getByText('Answer saved').waitFor();

    await reporter.getByRole('link', { name: 'Back to your reports' }).click();
    await reporter.getByTestId('unsent-replies').waitFor();
    expect(await reporter.getByTestId('open-questions').count()).toBe(0);
    await reporter.getByRole('link', { name: /^Add information/ }).click();
    await reporter.getByRole('heading', { level: 1, name: 'Add information to your report' }).waitFor();
    violations.push(...(await axeViolations(reporter, 'add information, offline')));
    shots.push(...(await screenshots(reporter, 'add-information')));
    await reporter.getByLabel('What do you want to add?').fill(ADDED);
    await reporter.getByRole('button', { name: 'Send', exact: true }).click();
    await reporter.getByTestId('reply-status').getByText('Information saved').waitFor();
    expect((await storedReplies(id)).rows).toEqual([]);
    const replyIds = (await reporter.evaluate(async () => {
      const open = indexedDB.open('report-a-security-incident');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const all = db.transaction('replies').objectStore('replies').getAll();
      return new Promise<{ id: string; body?: unknown }[]>((resolve) => (all.onsuccess = () => resolve(all.result)));
    })) as { id: string; body?: { jwe: string } }[];
    expect(replyIds).toHaveLength(3);
    // On the device, the replies are sealed: none of their words is readable there.
    for (const r of replyIds) expect(JSON.stringify(r)).not.toMatch(/webmail|copied|second email/);

    // ---- Network back: each reply is sent once (counted on the wire, page and service worker alike).
    const posts: string[] = [];
    device.context.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/replies')) posts.push(request.url());
    });
    await device.context.setOffline(false);
    await expect.poll(async () => (await storedReplies(id)).rows.length, { timeout: 30_000, interval: 200 }).toBe(3);
    await expect.poll(() => reporter.getByTestId('reply-status').innerText(), { timeout: 15_000 }).toContain('Information sent');
    const stored = await storedReplies(id);
    expect(new Set(stored.rows.map((r) => r.id))).toEqual(new Set(replyIds.map((r) => r.id)));
    expect(stored.rows.map((r) => r.text).sort()).toEqual([ADDED, ANSWER, ANSWER_2].sort());
    expect(stored.audited).toBe(3);
    for (const r of replyIds) {
      const kept = await readDeviceRecord<{ status: string; body?: unknown; attempts: number }>(reporter, 'replies', r.id);
      expect(kept).toMatchObject({ status: 'sent' });
      expect(kept?.body).toBeUndefined();
    }
    console.log(`replies: ${stored.rows.length} stored, ${stored.audited} audit rows, ${posts.length} POSTs seen on the wire`);
    expect(posts.length).toBe(3);

    // ---- On the case: both questions answered, the answers and the addition on the timeline, as text.
    await manager.reload();
    await manager.getByRole('heading', { level: 1, name: /^Case / }).waitFor();
    const messages = manager.getByTestId('messages');
    await messages.getByTestId('question').nth(1).getByText(/^Answered /).waitFor();
    expect(await messages.getByText('Waiting for an answer').count()).toBe(0);
    const timeline = manager.locator('.moj-timeline');
    for (const text of [`Answer: ${ANSWER}`, `Answer: ${ANSWER_2}`, `Added to the report: ${ADDED}`, `Question: ${MARKUP}`]) await timeline.getByText(text).waitFor();
    violations.push(...(await axeViolations(manager, 'case page with questions and answers')));
    shots.push(...(await screenshots(manager, 'case')));

    // ---- The manager closes it: a high case needs the closure summary and lessons learnt.
    await manager.getByLabel('Move the case to').selectOption('closed');
    await manager.getByRole('button', { name: 'Change status' }).click();
    await manager.getByText('Write a closure summary and the lessons learnt').waitFor();
    await manager.getByLabel(/Closure summary/).fill('The recipient deleted both emails and confirmed in writing. Staff told.');
    await manager.getByLabel(/Lessons learnt/).fill('Turn off address autocomplete for external addresses in the training team.');
    await manager.getByRole('button', { name: 'Change status' }).click();
    await manager.locator('[data-testid=case-summary]').getByText('Closed', { exact: true }).waitFor();
    await manager.getByTestId('cannot-ask').waitFor();
    const closedAt = (await (await manager.request.get(`${url}/api/console/cases/${id}`)).json()) as { closedAt: string };

    // ---- The reporter's device shows it closed, with the date.
    await reporter.goto(url);
    const closed = reporter.getByTestId('outbox-report').first();
    await closed.locator('.govuk-tag', { hasText: /^Closed$/ }).waitFor({ timeout: 15_000 });
    const sentence = await closed.innerText();
    const when = await reporter.evaluate((iso) => new Date(iso).toISOString(), closedAt.closedAt);
    expect(sentence).toContain(`The incident was closed on ${formatDateTime(new Date(when), await reporter.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone))}.`);
    console.log(`reporter's list: ${sentence.replace(/\s+/g, ' ')}`);

    console.log(`screenshots in ${SCREENS}:\n  ${shots.map((f) => path.basename(f)).join('\n  ')}`);
    expect(beacons).toBe(0);
    expect(overflows).toEqual([]);
    expect(violations.map((v) => `${v.page}: ${v.id} ${v.help} at ${v.targets.join(', ')}`)).toEqual([]);
    await managerContext.close();
  });
});
