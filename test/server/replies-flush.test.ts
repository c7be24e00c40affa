// The device's side of messages in Node (fake-indexeddb, the real endpoint over loopback): the news of a sent
// report brings the team's question, kept encrypted; an answer written offline is sealed into the replies
// outbox and sent by flushOutbox exactly once, through a lost receipt, a sign-in and the offline backoff.
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase, type OutboxRecord } from '../../src/db/database.ts';
import { endOfflineWaits, outboxRecordFor, retryWaitingForSignIn } from '../../src/db/outbox.ts';
import { getQuestion, openQuestions } from '../../src/db/questions.ts';
import { queueReply, ReplyInvalidError, ReplyNotPossibleError } from '../../src/db/write-reply.ts';
import { caseStoreOf } from '../../src/server/storage/case-store.ts';
import { API_CONSOLE } from '../../src/shared/console-api.ts';
import { reportRepliesUrl } from '../../src/shared/messages.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { refreshCaseStatuses } from '../../src/sync/case-status.ts';
import { flushOutbox } from '../../src/sync/flush.ts';
import { loadJwks, sealReport } from '../../src/sync/seal.ts';
import { buildBreachReport } from '../support/fixtures.ts';
import { startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { fetchWithCookie, testUser } from '../support/sign-in.ts';

const manager = testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] });
let endpoint: InProcessEndpoint;
let jwks: SealingJwks;
let device: ReportingDatabase;
let devices = 0;

beforeAll(async () => {
  endpoint = await startInProcessEndpoint({ store: 'sqlite' });
  jwks = await loadJwks({ baseUrl: endpoint.url });
});
afterAll(async () => endpoint?.close());
afterEach(async () => device?.delete());

/** A device whose reporter sent a breach report that the endpoint has (as after a receipt), and their fetch. */
async function deviceWithSentReport() {
  const reporter = testUser({ name: 'Rita Reporter' });
  const report = buildBreachReport();
  const saved = await endpoint.app.store.saveReport(report, reporter.id);
  await caseStoreOf(endpoint.app.store).openNewCases();
  device = new ReportingDatabase(`replies-test-${++devices}`);
  const { body: _sealed, ...sent } = outboxRecordFor(report, await sealReport(report, jwks));
  await device.outbox.add({ ...sent, status: 'sent', receipt: saved.receipt } satisfies OutboxRecord);
  const signedIn = fetchWithCookie(await endpoint.session(reporter));
  return { report, reporter, signedIn };
}

async function ask(reportId: string, text: string): Promise<string> {
  const response = await fetch(`${endpoint.url}${API_CONSOLE}/cases/${reportId}/questions`, {
    method: 'POST',
    headers: { cookie: await endpoint.session(manager), origin: endpoint.url, 'content-type': 'application/json' },
    body: JSON.stringify({ text }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

const storedReplies = async (reportId: string) =>
  endpoint.app.store.db.selectFrom('case_messages' as never).selectAll().where('report_id' as never, '=', reportId as never).where('kind' as never, '<>', 'question' as never).execute();

describe('questions and replies on the device', () => {
  it('keeps the question encrypted, seals the answer, and sends it once through a lost receipt, a sign-in and an outage', async () => {
    const { report, signedIn } = await deviceWithSentReport();
    const questionText = 'Which external address was it sent to?';
    const questionId = await ask(report.id, questionText);

    expect(await refreshCaseStatuses({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toBe(1);
    expect(await refreshCaseStatuses({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toBe(0);
    // At rest, the question's words are not in the row (AES-GCM with the device's key); read back, they are.
    const row = (await device.questions.get(questionId))!;
    expect(JSON.stringify(row)).not.toContain('external address');
    expect(row.sealedText.data.byteLength).toBeGreaterThan(questionText.length);
    expect((await getQuestion(questionId, device))?.text).toBe(questionText);
    expect(await openQuestions(device)).toEqual(new Map([[report.id, { count: 1, first: questionId }]]));

    // Written offline: refused when empty, then sealed (the device cannot read its own answer back).
    await expect(queueReply({ reportId: report.id, kind: 'answer', questionId, text: ' \u200b ' }, { database: device, jwks })).rejects.toThrow(ReplyInvalidError);
    await expect(queueReply({ reportId: report.id, kind: 'answer', questionId, text: 'A\u202eB' }, { database: device, jwks })).rejects.toThrow(/hidden control characters/);
    const answerText = 'To a personal address at a webmail provider.';
    const queued = await queueReply({ reportId: report.id, kind: 'answer', questionId, text: `  ${answerText}  ` }, { database: device, jwks });
    expect(JSON.stringify(await device.replies.get(queued.id))).not.toContain('webmail');
    expect(await openQuestions(device)).toEqual(new Map());

    // Offline: it waits, with the offline backoff, until the network is back.
    const offline = await flushOutbox({ database: device, baseUrl: 'http://127.0.0.1:9' });
    expect(offline).toMatchObject({ repliesSent: 0, waiting: 1, stoppedBy: 'offline' });
    expect(await device.replies.get(queued.id)).toMatchObject({ status: 'waiting', waitReason: 'offline', attempts: 1 });
    expect(await endOfflineWaits(device)).toBe(1);

    // Signed out: it waits for the sign-in, then goes.
    expect((await flushOutbox({ database: device, baseUrl: endpoint.url })).stoppedBy).toBe('sign-in');
    expect((await device.replies.get(queued.id))?.status).toBe('needs-sign-in');
    expect(await retryWaitingForSignIn(device)).toBe(1);

    // The endpoint stores it, and the answer is lost on the way back: still waiting, stored once.
    let lost = 0;
    const loseAnswers: typeof fetch = async (input, init) => {
      const response = await signedIn(input, init);
      if (String(input).endsWith(reportRepliesUrl(report.id))) {
        lost++;
        throw new TypeError('network error');
      }
      return response;
    };
    await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: loseAnswers });
    expect(lost).toBe(1);
    expect(await device.replies.get(queued.id)).toMatchObject({ status: 'waiting', body: expect.anything() });
    expect(await storedReplies(report.id)).toHaveLength(1);

    // The resend gets the first receipt: the device keeps only the receipt, the endpoint one row.
    await endOfflineWaits(device);
    expect(await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toMatchObject({ repliesSent: 1, waiting: 0, nextAttemptAt: null });
    const sent = (await device.replies.get(queued.id))!;
    expect(sent).toMatchObject({ status: 'sent', receipt: { id: queued.id } });
    expect(sent.body).toBeUndefined();
    const stored = (await storedReplies(report.id)) as unknown as { id: string; text: string }[];
    expect(stored.map((r) => [r.id, r.text])).toEqual([[queued.id, answerText]]);

    // The next news says it is answered.
    expect(await refreshCaseStatuses({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toBe(1);
    expect((await device.questions.get(questionId))?.answeredAt).toEqual(expect.any(String));
  });

  it('adds information to a sent report only, and a refused reply needs attention instead of being retried', async () => {
    const { report, signedIn } = await deviceWithSentReport();
    await device.outbox.update(report.id, { status: 'waiting' });
    await expect(queueReply({ reportId: report.id, kind: 'addition', text: 'More' }, { database: device, jwks })).rejects.toThrow(ReplyNotPossibleError);
    await device.outbox.update(report.id, { status: 'sent' });

    const added = await queueReply({ reportId: report.id, kind: 'addition', text: 'The recipient deleted it.' }, { database: device, jwks });
    // An answer to a question the endpoint does not know (one only this device thinks exists): refused, kept.
    const ghost = crypto.randomUUID();
    await device.questions.add({ id: ghost, reportId: report.id, askedAt: new Date().toISOString(), answeredAt: null, sealedText: { iv: new Uint8Array(12), data: new ArrayBuffer(16) } });
    const refused = await queueReply({ reportId: report.id, kind: 'answer', questionId: ghost, text: 'An answer' }, { database: device, jwks });
    const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(result).toMatchObject({ repliesSent: 1, waiting: 0 });
    expect((await device.replies.get(added.id))?.status).toBe('sent');
    expect(await device.replies.get(refused.id)).toMatchObject({ status: 'needs-attention', problemStatus: 400, problem: expect.stringContaining('no such question'), body: expect.anything() });
  });
});
