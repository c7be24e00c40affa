// flushOutbox against real HTTP on loopback: the real endpoint, and small servers that answer the way a
// broken network, an overloaded endpoint or a captive portal does. One simulated device per test.
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase } from '../../src/db/database.ts';
import { outboxRecordFor, retryNow } from '../../src/db/outbox.ts';
import { retryDelay, BACKOFF_CAP_MS } from '../../src/sync/backoff.ts';
import { parseRetryAfter } from '../../src/sync/endpoint.ts';
import { flushOutbox } from '../../src/sync/flush.ts';
import { refreshCaseStatuses } from '../../src/sync/case-status.ts';
import { buildReport } from '../support/fixtures.ts';
import { listStoredReports, postReport, startEndpoint, type RunningEndpoint } from '../support/server.ts';
import { fetchWithCookie } from '../support/sign-in.ts';

let endpoint: RunningEndpoint;
let device: ReportingDatabase;
let deviceCount = 0;
/** The reporter's session, and a fetch that carries it (as the browser's cookie does). */
let cookie: string;
let signedIn: typeof fetch;

beforeAll(async () => {
  endpoint = await startEndpoint({ store: 'sqlite' });
  cookie = await endpoint.session();
  signedIn = fetchWithCookie(cookie);
});
afterAll(async () => {
  await endpoint?.close();
});

async function newDevice(reports = 1) {
  device = new ReportingDatabase(`flush-test-${++deviceCount}`);
  const queued = Array.from({ length: reports }, (_, i) => outboxRecordFor(buildReport(), new Date(Date.now() + i)));
  await device.outbox.bulkAdd(queued);
  return queued;
}
afterEach(async () => {
  await device?.delete();
});

/** A server on 127.0.0.1 that answers every request with `answer`, counting the requests it gets. */
async function fakeServer(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    req.resume();
    req.on('end', () => answer(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe('flushOutbox', () => {
  it('sends each waiting report, keeps the receipt and deletes the report from the device', async () => {
    const [a, b] = await newDevice(2);
    const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(result).toMatchObject({ sent: 2, needsAttention: 0, waiting: 0, nextAttemptAt: null });
    for (const queued of [a!, b!]) {
      const record = await device.outbox.get(queued.id);
      expect(record?.status).toBe('sent');
      expect(record?.body).toBeUndefined();
      expect(record?.receipt).toMatchObject({ id: queued.id, reference: queued.reference });
    }
    const stored = (await listStoredReports(endpoint.location)).map((r) => r.id);
    expect(stored).toEqual(expect.arrayContaining([a!.id, b!.id]));
  });

  it('reads what became of sent reports from the status route, and stays quiet when the endpoint is away', async () => {
    const [queued] = await newDevice(1);
    await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(await refreshCaseStatuses({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toBe(1);
    expect((await device.outbox.get(queued!.id))?.caseStatus).toBe('received');
    expect(await refreshCaseStatuses({ database: device, baseUrl: endpoint.url, fetch: signedIn })).toBe(0);
    await device.outbox.update(queued!.id, { caseStatus: undefined });
    expect(await refreshCaseStatuses({ database: device, baseUrl: 'http://127.0.0.1:9' })).toBe(0);
  });

  it('gets the original receipt when the endpoint already has the report (its first answer was lost)', async () => {
    const [queued] = await newDevice(1);
    const first = await postReport(endpoint.url, queued!.body!.report, { cookie });
    expect(first.status).toBe(201);
    await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    const record = await device.outbox.get(queued!.id);
    expect(record?.status).toBe('sent');
    expect(record?.receipt).toEqual(first.body);
    expect((await listStoredReports(endpoint.location)).filter((r) => r.id === queued!.id)).toHaveLength(1);
  });

  it('treats a 200 that is not a receipt (a captive portal) as a failure and keeps the report', async () => {
    const portal = await fakeServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Sign in to Station Wi-Fi</body></html>');
    });
    try {
      const [queued] = await newDevice(1);
      const before = Date.now();
      const result = await flushOutbox({ database: device, baseUrl: portal.url });
      expect(result.sent).toBe(0);
      const record = await device.outbox.get(queued!.id);
      expect(record).toMatchObject({ status: 'waiting', attempts: 1 });
      expect(record?.body).toEqual(queued!.body);
      expect(record?.notBefore).toBeGreaterThan(before);
      expect(record?.problem).toMatch(/not a receipt/);
    } finally {
      await portal.close();
    }
  });

  it('does not accept a receipt for another report', async () => {
    const liar = await fakeServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: crypto.randomUUID(), reference: 'ABCDE23456', receivedAt: new Date().toISOString() }));
    });
    try {
      const [queued] = await newDevice(1);
      await flushOutbox({ database: device, baseUrl: liar.url });
      expect((await device.outbox.get(queued!.id))?.status).toBe('waiting');
    } finally {
      await liar.close();
    }
  });

  it('marks a report the endpoint refuses (4xx) as needing attention with its message, and never deletes it', async () => {
    const [queued] = await newDevice(1);
    // Same id, different content: the endpoint answers 409.
    await postReport(endpoint.url, { ...queued!.body!.report, whatHappened: 'A different account of it.' }, { cookie });
    const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(result.needsAttention).toBe(1);
    const record = await device.outbox.get(queued!.id);
    expect(record?.status).toBe('needs-attention');
    expect(record?.problemStatus).toBe(409);
    expect(record?.problem).toMatch(/different report was already received/);
    expect(record?.body).toEqual(queued!.body);
    // A later flush leaves it alone.
    await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect((await device.outbox.get(queued!.id))?.status).toBe('needs-attention');
  });

  it('waits for sign-in on 401, asks no more of the endpoint, and keeps every report', async () => {
    const gate = await fakeServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorised', message: 'Sign in' }));
    });
    try {
      await newDevice(3);
      const result = await flushOutbox({ database: device, baseUrl: gate.url });
      expect(result.stoppedBy).toBe('signed out');
      expect(gate.requests()).toBe(1);
      const statuses = (await device.outbox.toArray()).map((r) => r.status).sort();
      expect(statuses).toEqual(['needs-sign-in', 'needs-sign-in', 'needs-sign-in']);
      expect(result.nextAttemptAt).toBeNull(); // nothing to retry until the reporter signs in
      expect((await device.outbox.toArray()).every((r) => r.body)).toBe(true);
    } finally {
      await gate.close();
    }
  });

  it('against the real endpoint: a device nobody has signed in on keeps its reports waiting, and sends them once signed in', async () => {
    const queued = await newDevice(2);
    const anonymous = await flushOutbox({ database: device, baseUrl: endpoint.url });
    expect(anonymous).toMatchObject({ sent: 0, stoppedBy: 'signed out' });
    expect((await device.outbox.toArray()).map((r) => r.status)).toEqual(['needs-sign-in', 'needs-sign-in']);
    expect(await listStoredReports(endpoint.location)).not.toContainEqual(expect.objectContaining({ id: queued[0]!.id }));

    // Signed in (the app then puts the waiting reports back in the queue): both go, once each.
    await retryNow(queued.map((q) => q.id), device);
    const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(result).toMatchObject({ sent: 2, waiting: 0 });
    const stored = (await listStoredReports(endpoint.location)).map((r) => r.id);
    for (const q of queued) expect(stored.filter((id) => id === q.id)).toHaveLength(1);
  });

  it('honours Retry-After on 503 and 429, and stops instead of hammering an overloaded endpoint', async () => {
    for (const status of [503, 429]) {
      const busy = await fakeServer((_req, res) => {
        res.writeHead(status, { 'retry-after': '120' });
        res.end();
      });
      try {
        await newDevice(3);
        const now = Date.now();
        const result = await flushOutbox({ database: device, baseUrl: busy.url, now: () => now });
        expect(busy.requests()).toBe(1);
        // Retry-After is about the endpoint: every waiting report waits at least that long, only one was tried.
        const records = await device.outbox.toArray();
        expect(records.map((r) => r.attempts).sort()).toEqual([0, 0, 1]);
        for (const r of records) {
          expect(r.status).toBe('waiting');
          expect(r.notBefore).toBeGreaterThanOrEqual(now + 120_000);
          expect(r.notBefore).toBeLessThanOrEqual(now + 132_000);
        }
        expect(result.nextAttemptAt).toBeGreaterThanOrEqual(now + 120_000);
      } finally {
        await busy.close();
        await device.delete();
      }
    }
  });

  it('retries later after a 500, a network error or a timeout, keeping the report', async () => {
    const broken = await fakeServer((_req, res) => {
      res.writeHead(500);
      res.end('oops');
    });
    const silent = await fakeServer(() => undefined); // never answers
    const closed = await fakeServer(() => undefined);
    const closedUrl = closed.url;
    await closed.close();
    try {
      for (const [baseUrl, reason] of [[broken.url, /500/], [closedUrl, /no connection/], [silent.url, /timed out/]] as const) {
        const [queued] = await newDevice(1);
        const result = await flushOutbox({ database: device, baseUrl, timeoutMs: 500 });
        expect(result.sent).toBe(0);
        const record = await device.outbox.get(queued!.id);
        expect(record).toMatchObject({ status: 'waiting', attempts: 1 });
        expect(record?.problem).toMatch(reason);
        expect(record?.body).toEqual(queued!.body);
        await device.delete();
      }
    } finally {
      await broken.close();
      await silent.close();
    }
  });

  it('never sends a report twice when two flushes start together on one device', async () => {
    const queued = await newDevice(5);
    const results = await Promise.all([
      flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn }),
      flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn }),
      flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn }),
    ]);
    // A report sent by two flushes would be counted twice (the endpoint answers a replay with 200).
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(5);
    const stored = await listStoredReports(endpoint.location);
    for (const q of queued) expect(stored.filter((r) => r.id === q.id)).toHaveLength(1);
  });
});

describe('backoff', () => {
  it('grows exponentially with full jitter up to a cap, and never undercuts Retry-After', () => {
    expect(retryDelay(1, undefined, () => 0)).toBe(1_000);
    expect(retryDelay(1, undefined, () => 1)).toBe(2_000);
    expect(retryDelay(4, undefined, () => 1)).toBe(16_000);
    expect(retryDelay(30, undefined, () => 1)).toBe(BACKOFF_CAP_MS);
    expect(retryDelay(1, 60_000, () => 0)).toBe(60_000);
    expect(retryDelay(1, 60_000, () => 1)).toBe(66_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
