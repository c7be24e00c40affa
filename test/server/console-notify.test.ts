// Notifications through a real SMTP server on loopback (smtp-server): the incident team's mailbox hears of
// every new report, earlier and separately when personal data may be involved (naming the deadline); the
// owner hears of an assignment; the data protection officer hears once when a clock passes 24 hours left with
// no decision; no message carries the report's content; a mail server that is down loses nothing (the outbox
// retries).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { API_CONSOLE } from '../../src/shared/console-api.ts';
import { formatReference } from '../../src/shared/reference.ts';
import type { SessionUser } from '../../src/shared/auth.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTestStore, postReport, type TestStore } from '../support/server.ts';
import { createSessionIn, testUser } from '../support/sign-in.ts';

interface Mail {
  to: string[];
  data: string;
}

async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; mails: Mail[] }> {
  const mails: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString('utf8')));
      stream.on('end', () => {
        // Unfold headers and quoted-printable soft breaks, so that tests read the words as written.
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data: data.replace(/=\r\n/g, '').replace(/\r\n[ \t]+/g, ' ') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

const stopSmtp = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

describe.each(STORE_KINDS)('notifications on %s', (kind) => {
  let store: TestStore;
  let app: FastifyInstance;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;

  beforeAll(async () => {
    store = await createTestStore(kind);
    smtp = await startSmtp();
    app = await buildApp({
      config: { ...store.config, logLevel: 'silent', rateLimitMax: 0 },
      console: { timer: false, smtpUrl: `smtp://127.0.0.1:${smtp.port}`, teamMailbox: 'team@example.org', dpoMailbox: 'dpo@example.org', publicUrl: 'https://incidents.example.org' },
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await stopSmtp(smtp.server);
    await store?.remove();
  });

  const baseUrl = () => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const post = async (report: unknown) => {
    const response = await postReport(baseUrl(), report, { cookie: await createSessionIn(app.store, testUser()) });
    return { statusCode: response.status };
  };
  /** A console call as `user` (GET without a body, POST with one). */
  const consoleCall = async (user: SessionUser, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl()}${API_CONSOLE}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: await createSessionIn(app.store, user), origin: baseUrl(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(response.status, `${path}: ${response.status}`).toBeLessThan(300);
    return response.json() as Promise<any>;
  };
  const subjectOf = (m: Mail) => /^Subject: (.*)$/m.exec(m.data)?.[1] ?? '';
  const mailsAbout = (reference: string) => smtp.mails.filter((m) => m.data.includes(formatReference(reference)));
  /** Discovered `hours` ago, as a reporter in London types it. */
  const discoveredHoursAgo = (hours: number) => {
    const at = new Date(Date.now() - hours * 3_600_000);
    const part = (type: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', [type]: 'numeric', hourCycle: 'h23' }).formatToParts(at).find((p) => p.type === type)!.value;
    return { day: part('day'), month: part('month'), year: part('year'), time: `${part('hour').padStart(2, '0')}:${part('minute').padStart(2, '0')}` };
  };
  const manager = testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] });
  const dpo = testUser({ name: 'Dana DPO', email: 'dana.dpo@example.org', roles: ['reporter', 'dpo'] });

  it('tells the team of each report, the possible breach first and naming its deadline, without any of its content', async () => {
    const plain = buildReport({ whatHappened: 'SECRET-PLAIN-CONTENT left on a train' });
    const breach = buildBreachReport({ whatHappened: 'SECRET-BREACH-CONTENT emailed to the wrong person' });
    expect((await post(plain)).statusCode).toBe(201);
    expect((await post(breach)).statusCode).toBe(201);
    await app.consoleLoop.runOnce();
    await app.consoleLoop.runOnce();
    const subjects = smtp.mails.map((m) => /^Subject: (.*)$/m.exec(m.data)?.[1] ?? '');
    expect(smtp.mails.every((m) => m.to.join() === 'team@example.org')).toBe(true);
    expect(subjects.filter((s) => s.startsWith('New incident report'))).toHaveLength(2);
    const urgent = smtp.mails.findIndex((m) => m.data.includes('Urgent: possible personal data breach'));
    expect(urgent).toBeGreaterThanOrEqual(0);
    expect(urgent).toBeLessThan(smtp.mails.findIndex((m) => m.data.includes('New incident report') && m.data.includes(breach.reference.slice(5))));
    expect(smtp.mails[urgent]!.data).toMatch(/must be told by \d{1,2} \w+ \d{4}/);
    expect(smtp.mails.some((m) => m.data.includes(`https://incidents.example.org/console/cases/${breach.id}`))).toBe(true);
    for (const m of smtp.mails) {
      expect(m.data).not.toContain('SECRET-');
      expect(m.data).not.toContain('Alex Smith');
    }
  });

  it('tells the owner of an assignment, by their own address, with the reference and a link and nothing of the report; not when they take it themselves', async () => {
    const owner = testUser({ name: 'Olu Owner', email: 'olu.owner@example.org', roles: ['reporter', 'incident-manager'] });
    await consoleCall(owner, '/me'); // who has opened the console can be assigned cases
    const report = buildReport({ whatHappened: 'SECRET-ASSIGNED-CONTENT laptop left in a cab' });
    expect((await post(report)).statusCode).toBe(201);
    await app.consoleLoop.runOnce();
    const before = smtp.mails.length;
    const detail = await consoleCall(manager, `/cases/${report.id}`);
    const { version } = await consoleCall(manager, `/cases/${report.id}/changes`, { type: 'assign', version: detail.version, ownerId: owner.id });
    await app.consoleLoop.runOnce();
    const assigned = smtp.mails.slice(before);
    expect(assigned).toHaveLength(1);
    expect(assigned[0]!.to).toEqual(['olu.owner@example.org']);
    expect(subjectOf(assigned[0]!)).toBe(`Case ${formatReference(report.reference)} assigned to you`);
    expect(assigned[0]!.data).toContain('Morgan Manager assigned case');
    expect(assigned[0]!.data).toContain(`https://incidents.example.org/console/cases/${report.id}`);
    expect(assigned[0]!.data).not.toContain('SECRET-');
    expect(assigned[0]!.data).not.toContain('Alex Smith');

    // Taking a case oneself sends nothing.
    await consoleCall(manager, `/cases/${report.id}/changes`, { type: 'assign', version, ownerId: manager.id });
    await app.consoleLoop.runOnce();
    await app.consoleLoop.runOnce();
    expect(smtp.mails.slice(before)).toHaveLength(1);
  });

  it('tells the DPO once when a clock passes 24 hours left with no decision, also after the team confirmed personal data; never once a decision is recorded', async () => {
    // Discovered 49 hours ago: 23 hours left.
    const undecided = buildBreachReport({ discoveredAt: discoveredHoursAgo(49), happenedKnown: 'no', happenedAt: undefined, whatHappened: 'SECRET-DPO-CONTENT list sent to the wrong person' });
    const confirmed = buildBreachReport({ discoveredAt: discoveredHoursAgo(49), happenedKnown: 'no', happenedAt: undefined });
    const decided = buildBreachReport({ discoveredAt: discoveredHoursAgo(49), happenedKnown: 'no', happenedAt: undefined });
    const early = buildBreachReport({ discoveredAt: discoveredHoursAgo(40), happenedKnown: 'no', happenedAt: undefined });
    for (const r of [undecided, confirmed, decided, early]) expect((await post(r)).statusCode).toBe(201);
    const c = await consoleCall(manager, `/cases/${confirmed.id}`);
    await consoleCall(manager, `/cases/${confirmed.id}/changes`, { type: 'triage', version: c.version, personalData: 'yes', severity: 'high' });
    await consoleCall(dpo, `/cases/${decided.id}/regulator/decision`, { outcome: 'meets-threshold' });

    await app.consoleLoop.runOnce();
    await app.consoleLoop.runOnce();
    const toDpo = (r: { reference: string }) => mailsAbout(r.reference).filter((m) => m.to.includes('dpo@example.org'));
    for (const r of [undecided, confirmed]) {
      const [mail, ...more] = toDpo(r);
      expect(more).toEqual([]);
      expect(mail!.to).toEqual(['dpo@example.org']);
      expect(subjectOf(mail!)).toBe(`Less than 24 hours left: ${formatReference(r.reference)} has no decision`);
      expect(mail!.data).toMatch(/The regulator's deadline is \d{1,2} \w+ \d{4}/);
      expect(mail!.data).toContain(`https://incidents.example.org/console/cases/${r.id}`);
      expect(mail!.data).not.toContain('SECRET-');
    }
    expect(toDpo(decided)).toEqual([]);
    expect(toDpo(early)).toEqual([]);
    // Nobody else hears of the clock: the team had its arrival messages only.
    expect(mailsAbout(undecided.reference).filter((m) => !m.to.includes('dpo@example.org')).map(subjectOf).every((s) => /^(Urgent: possible personal data breach|New incident report)/.test(s))).toBe(true);
  });

  it('keeps messages while the mail server is down and sends them once it is back', async () => {
    const port = smtp.port;
    await stopSmtp(smtp.server);
    const before = smtp.mails.length;
    const report = buildReport();
    expect((await post(report)).statusCode).toBe(201);
    await app.consoleLoop.runOnce();
    smtp = await startSmtp(port);
    const deadline = Date.now() + 10_000;
    while (!smtp.mails.some((m) => m.data.includes(report.reference.slice(5))) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      await app.consoleLoop.runOnce();
    }
    expect(before).toBeGreaterThan(0);
    expect(smtp.mails.filter((m) => m.data.includes(report.reference.slice(5)))).toHaveLength(1);
  });
});
