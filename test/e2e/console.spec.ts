// The incident console in Chromium against the real endpoint (production build, its own process): the
// queue, a case and its triage; every text a reporter or the team can type, questions to the reporter and the
// reporter's replies included, shown as text (payloads that would call a beacon: 0 calls, 0 CSP violations);
// WCAG 2.2 A/AA with axe on every console page; a signed-in reporter without a console role gets the 403 page;
// offline, the console says it works online only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { applies, questionsFor, setAnswer, type Answers } from '../../src/shared/catalogue.ts';
import type { SessionUser } from '../../src/shared/auth.ts';
import { randomUUID } from 'node:crypto';
import { reportRepliesUrl, type CaseMessages } from '../../src/shared/messages.ts';
import { loadJwks, sealJson } from '../../src/sync/seal.ts';
import { buildBreachReport } from '../support/fixtures.ts';
import { postReport } from '../support/server.ts';
import { SESSION_COOKIE, testUser } from '../support/sign-in.ts';
import { startAppAndDevice } from './support/app-server.ts';
import { axeViolations, type Violation } from './support/axe.ts';
import type { Device } from './support/chromium.ts';

const manager: SessionUser = testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] });
const reporter: SessionUser = testUser({ name: 'Rita Reporter' });
// Each would call the beacon if it were ever treated as markup, script or a URL.
const PAYLOADS = ['<img src=x onerror=__beacon()>', '"><script>__beacon()</script>', "'><svg onload=__beacon()>", 'javascript:__beacon()'];

let app: Awaited<ReturnType<typeof startAppAndDevice>>;
let device: Device;

async function signIn(page: Page, user: SessionUser): Promise<void> {
  const cookie = await app.server.session(user);
  await page.context().clearCookies();
  await page.context().addCookies([{ name: SESSION_COOKIE, value: cookie.slice(SESSION_COOKIE.length + 1), url: app.server.url }]);
}

/** A breach report with a payload in every free-text answer it can hold (formats such as email excepted). */
function reportWithPayloads(): { report: Answers; fields: number } {
  let report = buildBreachReport({ breach: { ...buildBreachReport().breach!, reportType: 'initial' } }) as unknown as Answers;
  let fields = 0;
  for (const q of questionsFor('data-breach')) {
    if ((q.input === 'text' || q.input === 'textarea') && !('format' in q && q.format) && applies(q, report, 'data-breach')) {
      report = setAnswer(report, q.name, `${PAYLOADS[fields % PAYLOADS.length]} ${q.name}`.slice(0, 'max' in q ? q.max : 200));
      fields++;
    }
  }
  return { report, fields };
}

async function watchedPage(): Promise<{ page: Page; beacons: () => number; violations: () => number }> {
  const page = await device.newPage();
  let beacons = 0;
  let violations = 0;
  await page.exposeFunction('__beacon', () => beacons++);
  await page.exposeFunction('__csp', () => violations++);
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', () => (window as unknown as { __csp(): void }).__csp()));
  return { page, beacons: () => beacons, violations: () => violations };
}

beforeAll(async () => {
  app = await startAppAndDevice({ env: { NOTIFY_INTERVAL_MS: '200' } });
  device = app.device;
});
afterAll(async () => {
  await app?.close();
});

describe('the incident console', () => {
  it('shows every typed text as text: 0 beacon calls and 0 CSP violations on the queue, the case, notifications; axe finds nothing', async () => {
    const { report, fields } = reportWithPayloads();
    expect(fields).toBeGreaterThan(10);
    console.log(`XSS: payloads in ${fields} reporter text fields, 6 team text fields and the reporter's answer and added information`);
    const reporterCookie = await app.server.session(reporter);
    expect((await postReport(app.server.url, report, { cookie: reporterCookie })).status).toBe(201);
    const id = report.id as string;

    const { page, beacons, violations } = await watchedPage();
    await signIn(page, manager);
    const found: Violation[] = [];
    await page.goto(`${app.server.url}/console`);
    await page.locator(`[data-testid=queue] a[href="/console/cases/${id}"]`).waitFor({ timeout: 15_000 });
    found.push(...(await axeViolations(page, 'queue')));

    // The team's own text fields too: a note, an action, a closure summary and lessons learnt.
    await page.click(`a[href="/console/cases/${id}"]`);
    await page.getByRole('heading', { name: /^Case / }).waitFor();
    await page.getByLabel('Note', { exact: true }).fill(PAYLOADS[0]!);
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByText(`Note: ${PAYLOADS[0]}`).waitFor();
    await page.getByLabel('What needs doing').fill(PAYLOADS[1]!);
    await page.getByLabel('Who owns it').fill(PAYLOADS[2]!);
    await page.getByLabel('Due date').fill('2026-12-01');
    await page.getByRole('button', { name: 'Add action' }).click();
    await page.getByRole('cell', { name: PAYLOADS[1]!, exact: true }).waitFor();
    // A question to the reporter, and the reporter's answer and added information (sealed, as the device sends them).
    await page.getByLabel('Question', { exact: true }).fill(PAYLOADS[3]!);
    await page.getByRole('button', { name: 'Send question' }).click();
    await page.getByTestId('question').getByText('Waiting for an answer').waitFor();
    const question = (await (await page.request.get(`${app.server.url}/api/console/cases/${id}/messages`)).json()) as CaseMessages;
    const jwks = await loadJwks({ baseUrl: app.server.url });
    for (const reply of [
      { id: randomUUID(), reportId: id, kind: 'answer', questionId: question.messages[0]!.id, text: PAYLOADS[0]!, writtenAt: new Date().toISOString() },
      { id: randomUUID(), reportId: id, kind: 'addition', text: PAYLOADS[2]!, writtenAt: new Date().toISOString() },
    ]) {
      const response = await fetch(`${app.server.url}${reportRepliesUrl(id)}`, {
        method: 'POST',
        headers: { cookie: reporterCookie, 'content-type': 'application/json' },
        body: JSON.stringify({ format: 'jwe', id: reply.id, jwe: (await sealJson(reply, jwks)).jwe }),
      });
      expect(response.status).toBe(201);
    }
    await page.reload();
    await page.getByTestId('question').getByText('Answered', { exact: true }).waitFor();
    await page.locator('.moj-timeline').getByText(`Added to the report: ${PAYLOADS[2]}`).waitFor();
    await page.locator('.moj-timeline').getByText(`Answer: ${PAYLOADS[0]}`).waitFor();
    await page.locator('.moj-timeline').getByText(`Question: ${PAYLOADS[3]}`).waitFor();
    await page.getByLabel('High', { exact: true }).check();
    await page.getByLabel("Personal data involved (the team's decision)").selectOption('yes');
    await page.getByRole('button', { name: 'Save triage' }).click();
    await page.getByText('Yes (confirmed by the team)').waitFor();
    await page.getByLabel('Move the case to').selectOption('closed');
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.getByText('Write a closure summary and the lessons learnt').waitFor();
    await page.getByLabel(/Closure summary/).fill(PAYLOADS[3]!);
    await page.getByLabel(/Lessons learnt/).fill(PAYLOADS[0]!);
    await page.getByRole('button', { name: 'Change status' }).click();
    await page.locator('[data-testid=case-summary]').getByText('Closed', { exact: true }).waitFor();
    found.push(...(await axeViolations(page, 'case')));
    // Every reporter's payload is on the page as text.
    const text = await page.locator('main').innerText();
    for (const p of PAYLOADS) expect(text).toContain(p);

    await page.goto(`${app.server.url}/console?includeClosed=true`);
    await page.locator('[data-testid=queue]').waitFor();
    await page.goto(`${app.server.url}/console/notifications`);
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByText(/New incident report/).first().waitFor({ timeout: 15_000 });
    found.push(...(await axeViolations(page, 'notifications')));
    await page.goto(`${app.server.url}/console/audit`);
    await page.locator('[data-testid=audit-result]').waitFor();
    found.push(...(await axeViolations(page, 'audit')));

    expect(beacons()).toBe(0);
    expect(violations()).toBe(0);
    expect(found.map((v) => `${v.page}: ${v.id} ${v.help} at ${v.targets.join(', ')}`)).toEqual([]);
    await page.close();
  });

  it('sends someone not signed in to sign in, and shows a signed-in reporter a 403 page that says why', async () => {
    const anonymous = await fetch(`${app.server.url}/console`, { redirect: 'manual' });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toMatch(/^\/auth\/sign-in\?returnTo=%2Fconsole/);
    const page = await device.newPage();
    await signIn(page, reporter);
    const response = await page.goto(`${app.server.url}/console`);
    expect(response?.status()).toBe(403);
    await page.getByRole('heading', { name: 'You cannot use the incident console' }).waitFor();
    expect(await page.locator('main').innerText()).toContain('only incident managers, data protection officers and read-only users');
    expect(await axeViolations(page, '403')).toEqual([]);
    await page.close();
  });

  it('says plainly when the network is gone that the console works online only', async () => {
    const page = await device.newPage();
    await signIn(page, manager);
    await page.goto(`${app.server.url}/console`);
    await page.getByRole('heading', { name: 'Cases' }).waitFor();
    await page.context().setOffline(true);
    try {
      await page.getByText('You are offline. The console works online only').waitFor();
      expect(await axeViolations(page, 'offline')).toEqual([]);
    } finally {
      await page.context().setOffline(false);
      await page.close();
    }
  });
});
