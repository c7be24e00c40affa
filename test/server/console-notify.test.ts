// Notifications through a real SMTP server on loopback (smtp-server): the incident team's mailbox hears of
// every new report, earlier and separately when personal data may be involved (naming the deadline); no
// message carries the report's content; a mail server that is down loses nothing (the outbox retries).
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
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

  const post = async (report: unknown) => {
    const address = app.server.address() as AddressInfo;
    const response = await postReport(`http://127.0.0.1:${address.port}`, report, { cookie: await createSessionIn(app.store, testUser()) });
    return { statusCode: response.status };
  };

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
