// flushOutbox against real HTTP on loopback: the real endpoint, and small servers that answer the way a
// broken network, an overloaded endpoint or a captive portal does. One simulated device per test.
import 'fake-indexeddb/auto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase } from '../../src/db/database.ts';
import { endOfflineWaits, retryNow } from '../../src/db/outbox.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { endpointJwks, sealedOutboxRecords } from '../support/outbox-records.ts';
import { retryDelay } from '../../src/sync/backoff.ts';
import { parseRetryAfter } from '../../src/sync/endpoint.ts';
import { flushOutbox, MAX_IN_FLIGHT } from '../../src/sync/flush.ts';
import { refreshCaseStatuses } from '../../src/sync/case-status.ts';
import { sendDuringSyncEvent } from '../../src/sync/sync-event.ts';
import { API_REPORTS } from '../../src/shared/api.ts';
import { NO_FAULTS, seededRandom, startFaultProxy } from '../support/fault-proxy.ts';
import { buildReport } from '../support/fixtures.ts';
import { listStoredReports, postReport, startEndpoint, type RunningEndpoint } from '../support/server.ts';
import { fetchWithCookie } from '../support/sign-in.ts';

let endpoint: RunningEndpoint;
let device: ReportingDatabase;
let deviceCount = 0;
/** The reporter's session, and a fetch that carries it (as the browser's cookie does). */
let cookie: string;
let signedIn: typeof fetch;

let jwks: SealingJwks;
beforeAll(async () => {
  endpoint = await startEndpoint({ store: 'sqlite' });
  jwks = await endpointJwks(endpoint.url);
  cookie = await endpoint.session();
  signedIn = fetchWithCookie(cookie);
});
afterAll(async () => {
  await endpoint?.close();
});

async function newDevice(reports = 1) {
  device = new ReportingDatabase(`flush-test-${++deviceCount}`);
  const reportsQueued = Array.from({ length: reports }, () => buildReport());
  const queued = await sealedOutboxRecords(reportsQueued, jwks);
  await device.outbox.bulkAdd(queued);
  return queued.map((record, i) => ({ ...record, report: reportsQueued[i]! }));
}
afterEach(async () => {
  await device?.delete();
});

/** A server on 127.0.0.1 that answers every request with `answer`, counting the requests it gets. */
async function fakeServer(answer: (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => answer(req, res, body));
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
    const first = await postReport(endpoint.url, queued!.report, { cookie });
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
    await postReport(endpoint.url, { ...queued!.report, whatHappened: 'A different account of it.' }, { cookie });
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
      expect(result.stoppedBy).toBe('sign-in');
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
    expect(anonymous).toMatchObject({ sent: 0, stoppedBy: 'sign-in' });
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

describe('sending many at once', () => {
  /** A stand-in endpoint that stores nothing but answers each report with its receipt, alone or in a batch, after `delayMs`. */
  async function receiptServer(references: Map<string, string>, delayMs: number, batches = true) {
    let inFlight = 0;
    const seen: number[] = [];
    const sizes: number[] = [];
    const receipt = (id: string) => ({ id, reference: references.get(id), receivedAt: new Date().toISOString() });
    const server = await fakeServer((req, res, body) => {
      inFlight++;
      seen.push(inFlight);
      // The reports are sealed: only their ids are in clear, as the endpoint sees them before opening them.
      const parsed = JSON.parse(body) as { id: string } | { reports: { id: string }[] };
      const batch = req.url === `${API_REPORTS}/batch`;
      sizes.push('reports' in parsed ? parsed.reports.length : 1);
      setTimeout(() => {
        inFlight--;
        if (batch && !batches) {
          res.writeHead(404, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: 'not_found', message: 'There is no such API route' }));
        }
        res.writeHead(batch ? 200 : 201, { 'content-type': 'application/json' });
        res.end(JSON.stringify('reports' in parsed ? { results: parsed.reports.map(({ id }) => ({ id, status: 201, receipt: receipt(id) })) } : receipt(parsed.id)));
      }, delayMs);
    });
    return { ...server, seen, sizes };
  }

  it('starts with one report alone, then sends the rest a batch per request, a few requests in flight, never more than the cap', async () => {
    const queued = await newDevice(90);
    const references = new Map(queued.map((q) => [q.id, q.reference]));
    const quick = await receiptServer(references, 20);
    try {
      const result = await flushOutbox({ database: device, baseUrl: quick.url });
      expect(result).toMatchObject({ sent: 90, waiting: 0 });
      expect(quick.sizes).toEqual([1, 20, 20, 20, 20, 9]);
      expect(quick.seen[0]).toBe(1);
      expect(Math.max(...quick.seen)).toBeGreaterThan(1);
      expect(Math.max(...quick.seen)).toBeLessThanOrEqual(MAX_IN_FLIGHT);
      const records = await device.outbox.bulkGet(queued.map((q) => q.id));
      expect(records.every((r) => r?.status === 'sent' && r.receipt?.id === r.id && !r.body)).toBe(true);
    } finally {
      await quick.close();
    }
  });

  it('sends each report on its own to an endpoint that does not take batches', async () => {
    const queued = await newDevice(5);
    const references = new Map(queued.map((q) => [q.id, q.reference]));
    const older = await receiptServer(references, 1, false);
    try {
      const result = await flushOutbox({ database: device, baseUrl: older.url });
      expect(result).toMatchObject({ sent: 5, needsAttention: 0, waiting: 0 });
      // The first alone, the batch refused as such (404), then its reports one by one.
      expect(older.sizes).toEqual([1, 4, 1, 1, 1, 1]);
    } finally {
      await older.close();
    }
  });

  it('against the real endpoint: a batch stores each report once, answers a resent one with its receipt, and refuses a changed one alone', async () => {
    const queued = await newDevice(6);
    // Sent before (its first answer lost), and another changed under the same id: the endpoint answers 200 and 409.
    const first = await postReport(endpoint.url, queued[2]!.report, { cookie });
    await postReport(endpoint.url, { ...queued[4]!.report, whatHappened: 'A different account of it.' }, { cookie });
    const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
    expect(result).toMatchObject({ sent: 5, needsAttention: 1, waiting: 0 });
    const records = await device.outbox.bulkGet(queued.map((q) => q.id));
    expect(records.map((r) => r?.status)).toEqual(['sent', 'sent', 'sent', 'sent', 'needs-attention', 'sent']);
    expect(records[2]?.receipt).toEqual(first.body);
    expect(records[4]).toMatchObject({ problemStatus: 409, body: queued[4]!.body });
    const stored = (await listStoredReports(endpoint.location)).map((r) => r.id);
    for (const q of queued) expect(stored.filter((id) => id === q.id)).toHaveLength(1);
  });
});

describe('waiting, and the network coming back', () => {
  it("records why a report waits, and when the network returns ends only the device's own offline wait, not Retry-After", async () => {
    const busy = await fakeServer((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const closed = await fakeServer(() => undefined);
    await closed.close();
    try {
      const [offline] = await newDevice(1);
      await flushOutbox({ database: device, baseUrl: closed.url });
      const told = (await sealedOutboxRecords([buildReport()], jwks))[0]!;
      await device.outbox.add(told);
      await flushOutbox({ database: device, baseUrl: busy.url }); // the first is not due: only the second is tried
      expect(busy.requests()).toBe(1);
      expect(await device.outbox.get(offline!.id)).toMatchObject({ status: 'waiting', waitReason: 'offline' });
      const before = Date.now();
      expect(await device.outbox.get(told.id)).toMatchObject({ status: 'waiting', waitReason: 'retry-after' });

      expect(await endOfflineWaits(device)).toBe(1);
      expect((await device.outbox.get(offline!.id))?.notBefore).toBe(0);
      expect((await device.outbox.get(told.id))?.notBefore).toBeGreaterThanOrEqual(before + 110_000);
      const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: signedIn });
      expect(result).toMatchObject({ sent: 1, waiting: 1 });
      expect((await device.outbox.get(told.id))?.status).toBe('waiting');
    } finally {
      await busy.close();
    }
  });

  it("a sync event waits inside itself for Retry-After and sends once the endpoint takes it", async () => {
    const proxy = await startFaultProxy({ upstreams: [endpoint.url], mix: NO_FAULTS });
    try {
      const [queued] = await newDevice(1);
      proxy.refuseNext(2, 503, 1, API_REPORTS);
      expect(await sendDuringSyncEvent({ database: device, baseUrl: proxy.url, fetch: signedIn })).toBe('sent');
      expect(proxy.counters()).toMatchObject({ requests: 3, status503: 2, upstream2xx: 1 });
      expect((await listStoredReports(endpoint.location)).filter((r) => r.id === queued!.id)).toHaveLength(1);
      expect(await device.outbox.get(queued!.id)).toMatchObject({ status: 'sent', attempts: 3 });
    } finally {
      await proxy.close();
    }
  });

  it('a sync event whose first request fails as if offline (the network coming back) tries again after a short pause, not the offline wait', async () => {
    // Every request is dropped on arrival (a network not quite back) until the event's first pause.
    const proxy = await startFaultProxy({ upstreams: [endpoint.url], mix: { ...NO_FAULTS, dropRequest: 1 } });
    try {
      const queued = await newDevice(3);
      const slept: number[] = [];
      const sleep = async (ms: number) => {
        slept.push(ms);
        proxy.setEnabled(false);
      };
      // random 1: the offline wait would be its longest, 2 s.
      expect(await sendDuringSyncEvent({ database: device, baseUrl: proxy.url, fetch: signedIn, sleep, random: () => 1 })).toBe('sent');
      expect(slept).toEqual([250]);
      expect(proxy.counters()).toMatchObject({ droppedRequests: 1 });
      const stored = await listStoredReports(endpoint.location);
      for (const { id } of queued) {
        expect(stored.filter((r) => r.id === id)).toHaveLength(1);
        expect(await device.outbox.get(id)).toMatchObject({ status: 'sent' });
      }
    } finally {
      await proxy.close();
    }
  });

  it('a sync event gives up at once when the next try is beyond its budget, and leaves sign-in waits alone', async () => {
    const busy = await fakeServer((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end();
    });
    const gate = await fakeServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unauthorised', message: 'Sign in' }));
    });
    try {
      await newDevice(2);
      const slept: number[] = [];
      const sleep = async (ms: number) => void slept.push(ms);
      expect(await sendDuringSyncEvent({ database: device, baseUrl: busy.url, budgetMs: 60_000, sleep })).toBe('waiting');
      expect(slept).toEqual([]); // it did not sit out a Retry-After it could not reach
      expect(busy.requests()).toBe(1);
      await device.delete();
      await newDevice(2);
      expect(await sendDuringSyncEvent({ database: device, baseUrl: gate.url })).toBe('sign-in');
      expect(gate.requests()).toBe(1);
    } finally {
      await busy.close();
      await gate.close();
    }
  });
});

describe('backoff', () => {
  it('draws each delay from the whole window (full jitter), a window that doubles up to a cap, and never undercuts Retry-After', () => {
    const random = seededRandom(7);
    const draws = (attempts: number, retryAfterMs?: number) => Array.from({ length: 2000 }, () => retryDelay(attempts, retryAfterMs, random));
    // 2 s before the first retry, doubling with each, never more than 5 minutes.
    for (const [attempts, ceiling] of [[1, 2_000], [2, 4_000], [5, 32_000], [30, 300_000]] as const) {
      const delays = draws(attempts);
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...delays)).toBeLessThanOrEqual(ceiling);
      // Spread over all of it: some retries come almost at once, some near the end (equal jitter never goes below half).
      expect(delays.filter((d) => d < ceiling * 0.1).length).toBeGreaterThan(100);
      expect(delays.filter((d) => d > ceiling * 0.9).length).toBeGreaterThan(100);
    }
    const afterRetryAfter = draws(3, 60_000);
    expect(Math.min(...afterRetryAfter)).toBeGreaterThanOrEqual(60_000);
    expect(Math.max(...afterRetryAfter)).toBeLessThanOrEqual(66_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
