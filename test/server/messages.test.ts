// Messages between the incident team and the reporter through the real API, on both stores: a question from
// the console (and the refusals that change nothing), the reporter's news (their own reports only), sealed
// answers and added information stored exactly once by their id (a resend gets the same receipt), every
// message on the case's timeline and in an audit chain that verifies, the date of the reporter's status, and
// disposal taking the messages with the case.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/audit/verify.ts';
import { disposeDue } from '../../src/server/disposal/dispose.ts';
import { regulatorDb } from '../../src/server/regulator/regulator-store.ts';
import { caseStoreOf } from '../../src/server/storage/case-store.ts';
import { API_CONSOLE } from '../../src/shared/console-api.ts';
import { MAX_MESSAGE, reportNewsUrl, reportRepliesUrl, type Reply } from '../../src/shared/messages.ts';
import type { SessionUser } from '../../src/shared/auth.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { loadJwks, sealJson } from '../../src/sync/seal.ts';
import { buildBreachReport } from '../support/fixtures.ts';
import { STORE_KINDS, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { testUser } from '../support/sign-in.ts';

const manager = testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] });
const reader = testUser({ name: 'Rae Reader', roles: ['reporter', 'read-only'] });

describe.each(STORE_KINDS)('messages with the reporter on %s', (kind) => {
  let endpoint: InProcessEndpoint;
  let jwks: SealingJwks;

  const request = async (user: SessionUser, path: string, body?: unknown) => {
    const response = await fetch(`${endpoint.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: await endpoint.session(user), origin: endpoint.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  const ask = (user: SessionUser, caseId: string, text: unknown) => request(user, `${API_CONSOLE}/cases/${caseId}/questions`, { text });
  const messagesOf = async (caseId: string) => (await request(reader, `${API_CONSOLE}/cases/${caseId}/messages`)).body;
  const caseOf = async (caseId: string) => (await request(reader, `${API_CONSOLE}/cases/${caseId}`)).body;
  const change = (caseId: string, body: object) => request(manager, `${API_CONSOLE}/cases/${caseId}/changes`, body);

  /** A reply as the device seals it. */
  const sealed = async (reply: Reply) => ({ format: 'jwe', id: reply.id, jwe: (await sealJson(reply, jwks)).jwe });
  const reply = (reportId: string, text: string, questionId?: string): Reply => ({
    id: randomUUID(),
    reportId,
    kind: questionId ? 'answer' : 'addition',
    ...(questionId ? { questionId } : {}),
    text,
    writtenAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  const send = async (reporter: SessionUser, r: Reply) => request(reporter, reportRepliesUrl(r.reportId), await sealed(r));
  const countMessages = async () => Number(((await endpoint.app.store.db.selectFrom('case_messages' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()) as { n: unknown }).n);

  async function sentBreach(reporter: SessionUser) {
    const report = buildBreachReport();
    await endpoint.app.store.saveReport(report, reporter.id);
    await caseStoreOf(endpoint.app.store).openNewCases();
    return report;
  }

  beforeAll(async () => {
    endpoint = await startInProcessEndpoint({ store: kind });
    jwks = await loadJwks({ baseUrl: endpoint.url });
  });
  afterAll(async () => endpoint?.close());

  it('a question reaches only its reporter; the sealed answer is stored once, marks it answered, and lands on the timeline', async () => {
    const reporter = testUser({ name: 'Rita Reporter' });
    const other = testUser();
    const report = await sentBreach(reporter);
    expect((await request(reporter, reportNewsUrl(report.id))).body).toMatchObject({ id: report.id, status: 'received', questions: [] });

    // Refused, and nothing is stored: read-only users, empty, hidden control characters, too long.
    const before = await countMessages();
    expect((await ask(reader, report.id, 'Which address?')).status).toBe(403);
    expect((await ask(manager, report.id, '   ')).body.fields).toEqual([{ path: 'text', message: 'Enter your question' }]);
    expect((await ask(manager, report.id, 'Which\u202e address?')).body.fields).toEqual([{ path: 'text', message: expect.stringContaining('hidden control characters') }]);
    expect((await ask(manager, report.id, 'x'.repeat(MAX_MESSAGE + 1))).status).toBe(400);
    expect((await ask(manager, report.id, { text: 'no' })).status).toBe(400);
    expect(await countMessages()).toBe(before);

    // NFC: an "é" typed as e + combining acute is kept as one character.
    const asked = await ask(manager, report.id, '  Which external address was it sent to? Cafe\u0301  ');
    expect(asked.status).toBe(201);
    const question = asked.body as { id: string; askedAt: string };
    const news = (await request(reporter, reportNewsUrl(report.id))).body;
    expect(news.questions).toEqual([{ id: question.id, text: 'Which external address was it sent to? Café', askedAt: question.askedAt, answeredAt: null }]);
    // Nobody else reads it: another reporter or the team (404 as for no report), nobody signed in (401).
    expect((await request(other, reportNewsUrl(report.id))).status).toBe(404);
    expect((await request(manager, reportNewsUrl(report.id))).status).toBe(404);
    expect((await fetch(`${endpoint.url}${reportNewsUrl(report.id)}`)).status).toBe(401);

    const answer = reply(report.id, 'To a personal address at a webmail provider.', question.id);
    const first = await send(reporter, answer);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ id: answer.id, receivedAt: expect.any(String) });
    // A resend (the receipt was lost): the same receipt, nothing stored twice.
    const again = await send(reporter, answer);
    expect(again).toEqual({ status: 200, body: first.body });
    const messages = (await messagesOf(report.id)).messages;
    expect(messages.filter((m: { id: string }) => m.id === answer.id)).toHaveLength(1);
    expect(messages).toMatchObject([
      { kind: 'question', authorName: 'Morgan Manager', answeredAt: first.body.receivedAt },
      { kind: 'answer', questionId: question.id, text: answer.text, authorName: 'Rita Reporter', writtenAt: answer.writtenAt },
    ]);
    expect((await request(reporter, reportNewsUrl(report.id))).body.questions[0].answeredAt).toBe(first.body.receivedAt);

    const added = reply(report.id, 'The recipient has since deleted it, they say.');
    expect((await send(reporter, added)).status).toBe(201);
    const timeline = (await caseOf(report.id)).timeline as { action: string; actorName: string; newValue: { text: string } }[];
    expect(timeline.filter((t) => t.action.startsWith('question') || t.action.startsWith('reporter')).map((t) => [t.action, t.actorName, t.newValue.text])).toEqual([
      ['question-asked', 'Morgan Manager', 'Which external address was it sent to? Café'],
      ['reporter-answered', 'Rita Reporter', answer.text],
      ['reporter-added', 'Rita Reporter', added.text],
    ]);
    expect(await verifyAuditChain(caseStoreOf(endpoint.app.store).db)).toMatchObject({ ok: true });
  });

  it('refuses a reply that is not the reporter\'s to send, not sealed, or not what it says, and stores none of them', async () => {
    const reporter = testUser();
    const report = await sentBreach(reporter);
    const otherReport = await sentBreach(testUser());
    const question = (await ask(manager, report.id, 'When did you notice?')).body as { id: string };
    const before = await countMessages();

    // Someone else's report: 404, before the body is even opened.
    expect((await send(testUser(), reply(report.id, 'Not mine'))).status).toBe(404);
    // In clear: the device seals every reply.
    const plain = reply(report.id, 'In clear');
    expect((await request(reporter, reportRepliesUrl(report.id), plain)).body.error).toBe('invalid_sealed_reply');
    // The id outside is not the one inside.
    const swapped = await sealed(reply(report.id, 'Swapped'));
    expect((await request(reporter, reportRepliesUrl(report.id), { ...swapped, id: randomUUID() })).body.error).toBe('id_mismatch');
    // About another report than the address says.
    expect((await request(reporter, reportRepliesUrl(report.id), await sealed(reply(otherReport.id, 'Elsewhere')))).body.error).toBe('report_mismatch');
    // An answer to a question asked about another report, or to none.
    const foreign = (await ask(manager, otherReport.id, 'Elsewhere?')).body as { id: string };
    expect((await send(reporter, reply(report.id, 'Wrong question', foreign.id))).body.error).toBe('unknown_question');
    // The text rules of a report: hidden control characters, too long, nothing but spaces.
    for (const text of ['Hidden\u0000text', 'x'.repeat(MAX_MESSAGE + 1), ' \u200b ']) {
      const refused = await send(reporter, reply(report.id, text, question.id));
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([expect.objectContaining({ path: 'text' })]);
    }
    expect(await countMessages()).toBe(before + 1); // the foreign question only

    // Another text under an id already received: 409, the first stays.
    const first = reply(report.id, 'First words', question.id);
    expect((await send(reporter, first)).status).toBe(201);
    expect((await send(reporter, { ...first, text: 'Other words' })).status).toBe(409);
    expect((await messagesOf(report.id)).messages.find((m: { id: string }) => m.id === first.id).text).toBe('First words');
  });

  it('tells the reporter since when the case is being handled and when it closed; a closed case takes no question', async () => {
    const reporter = testUser();
    const report = await sentBreach(reporter);
    let version = (await change(report.id, { type: 'triage', version: 1, severity: 'high', personalData: 'yes' })).body.version;
    version = (await change(report.id, { type: 'status', version, status: 'triaged' })).body.version;
    const handled = (await request(reporter, reportNewsUrl(report.id))).body;
    expect(handled.status).toBe('being-handled');
    const triagedAt = (await caseOf(report.id)).timeline.find((t: { field: string }) => t.field === 'status').at;
    expect(handled.statusSince).toBe(triagedAt);
    // A move that the reporter does not see as a change keeps the date.
    version = (await change(report.id, { type: 'status', version, status: 'investigating' })).body.version;
    expect((await request(reporter, reportNewsUrl(report.id))).body.statusSince).toBe(triagedAt);

    version = (await change(report.id, { type: 'status', version, status: 'closed', closureSummary: 'Recalled', lessonsLearnt: 'Check the address' })).body.version;
    const closed = (await request(reporter, reportNewsUrl(report.id))).body;
    expect(closed).toMatchObject({ status: 'closed', statusSince: (await caseOf(report.id)).closedAt });
    expect((await messagesOf(report.id)).cannotAsk).toMatch(/closed/);
    const refused = await ask(manager, report.id, 'One more thing?');
    expect(refused).toMatchObject({ status: 409, body: { error: 'cannot_ask' } });
    // Added information still reaches a closed case.
    expect((await send(reporter, reply(report.id, 'Something I remembered'))).status).toBe(201);
  });

  it('cannot ask about a report sent before signing in existed; disposal takes the messages with the case', async () => {
    const anonymous = buildBreachReport();
    await endpoint.app.store.saveReport(anonymous);
    await caseStoreOf(endpoint.app.store).openNewCases();
    expect((await ask(manager, anonymous.id, 'Who are you?')).body).toMatchObject({ error: 'cannot_ask', message: expect.stringContaining('before signing in') });

    const reporter = testUser();
    const report = await sentBreach(reporter);
    const question = (await ask(manager, report.id, 'Anything else?')).body as { id: string };
    expect((await send(reporter, reply(report.id, 'No', question.id))).status).toBe(201);
    const version = (await change(report.id, { type: 'triage', version: 1, severity: 'low', personalData: 'no' })).body.version;
    expect((await change(report.id, { type: 'status', version, status: 'closed' })).status).toBe(200);
    const run = await disposeDue(regulatorDb(endpoint.app.store), kind, { retentionYears: 2, now: new Date(Date.now() + 3 * 366 * 86_400_000) });
    expect(run.cases.map((c) => c.reportId)).toContain(report.id);
    const left = await endpoint.app.store.db.selectFrom('case_messages' as never).selectAll().where('report_id' as never, '=', report.id as never).execute();
    expect(left).toEqual([]);
  });
});
