// What holds the endpoint up against a client that will not play fair: timeouts on slow and idle connections,
// connections per address, and requests per address and per signed-in person. Real HTTP on loopback: every
// connection goes to 127.0.0.1 (a few from the source address 127.0.0.2, to stand for a second client).
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerConfig } from '../../src/server/config.ts';
import { API_REPORTS, errorBodySchema } from '../../src/shared/wire.ts';
import { reportNewsUrl, reportRepliesUrl } from '../../src/shared/messages.ts';
import { buildReport } from '../support/fixtures.ts';
import { postReport, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { testUser } from '../support/sign-in.ts';

let endpoint: InProcessEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function start(config: Partial<ServerConfig>): Promise<InProcessEndpoint> {
  endpoint = await startInProcessEndpoint({ config });
  return endpoint;
}

const portOf = (url: string) => Number(new URL(url).port);

/** Polls `done` every 50 ms for at most `ms`; returns whether it came true (a bound, not a speed claim). */
async function within(ms: number, done: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return done();
}

interface SlowClient {
  /** What the endpoint sent before closing, and whether it has closed. */
  received: string;
  closed: boolean;
  socket: net.Socket;
}

/**
 * `count` connections from `localAddress` that never finish their request: half send a request line and then
 * a header byte every 200 ms, half send complete headers (signed in) announcing a body, then a body byte every
 * 200 ms.
 */
async function openSlowClients(port: number, count: number, localAddress: string, cookie: string): Promise<{ clients: SlowClient[]; stop(): void }> {
  const clients = await Promise.all(
    Array.from({ length: count }, (_, i) => {
      return new Promise<SlowClient>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port, localAddress });
        const client: SlowClient = { received: '', closed: false, socket };
        socket.on('data', (chunk) => (client.received += chunk.toString('latin1')));
        socket.on('close', () => (client.closed = true));
        socket.on('error', () => undefined);
        socket.once('connect', () => {
          socket.write(
            i % 2 === 0
              ? `POST ${API_REPORTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: `
              : `POST ${API_REPORTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{`,
          );
          resolve(client);
        });
        socket.once('error', () => resolve(client));
      });
    }),
  );
  const timer = setInterval(() => {
    for (const c of clients) if (!c.closed && !c.socket.destroyed) c.socket.write(' ');
  }, 200);
  return {
    clients,
    stop: () => {
      clearInterval(timer);
      for (const c of clients) c.socket.destroy();
    },
  };
}

describe('slow and idle connections', () => {
  it('a client trickling 200 requests holds at most its share of connections, each only until its timeout, and another client is served meanwhile', async () => {
    const { url, session } = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxConnectionsPerAddress: 50 });
    const slow = await openSlowClients(portOf(url), 200, '127.0.0.2', await session());
    try {
      // Another client, while the slow ones are held: served at once.
      const answer = await postReport(url, buildReport(), { cookie: await session(), headers: { connection: 'close' } });
      expect(answer.status).toBe(201);
      // Every slow connection is closed by the endpoint: those past the client's 50 at once, the 50 it holds
      // when their headers or request time out, with 408.
      expect(await within(15_000, () => slow.clients.every((c) => c.closed))).toBe(true);
      const timedOut = slow.clients.filter((c) => c.received.startsWith('HTTP/1.1 408'));
      expect(timedOut).toHaveLength(50);
      expect(slow.clients.filter((c) => c.received === '')).toHaveLength(150);
    } finally {
      slow.stop();
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const { url } = await start({ keepAliveTimeoutMs: 300 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { status, socket } = await get(`${url}/healthz`, agent);
      expect(status).toBe(200);
      let closed = false;
      socket.once('close', () => (closed = true));
      expect(await within(5_000, () => closed)).toBe(true);
    } finally {
      agent.destroy();
    }
  });
});

/** A request over `agent`, resolving once the answer is read, with the socket it used. */
function request(url: string, agent: http.Agent, options: http.RequestOptions = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown; socket: net.Socket }>((resolve, reject) => {
    const req = http.request(url, { agent, ...options }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: text ? JSON.parse(text) : undefined, socket: req.socket! }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
const get = (url: string, agent: http.Agent) => request(url, agent);
const post = (url: string, agent: http.Agent, cookie: string) =>
  request(`${url}${API_REPORTS}`, agent, { method: 'POST', headers: { 'content-type': 'application/json', cookie } }, JSON.stringify(buildReport()));

describe('rate limits', () => {
  it('answer 429 past the limit per address, with Retry-After and an error body, and close the connection', async () => {
    const { url, session } = await start({ rateLimitMax: 2 });
    const cookie = await session();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect((await post(url, agent, cookie)).status).toBe(201);
      expect((await post(url, agent, cookie)).status).toBe(201);
      const refused = await post(url, agent, cookie);
      expect(refused.status).toBe(429);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(errorBodySchema.parse(refused.body).error).toBe('rate_limited');
      expect(refused.headers.connection).toBe('close');
      let closed = refused.socket.destroyed;
      refused.socket.once('close', () => (closed = true));
      expect(await within(5_000, () => closed)).toBe(true);
      // Only the API is limited.
      expect((await get(`${url}/healthz`, agent)).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  it('exempt no one: loopback is limited like any client', async () => {
    const { url, session } = await start({ rateLimitMax: 2 });
    const cookie = await session();
    const answers = await Promise.all(Array.from({ length: 4 }, () => postReport(url, buildReport(), { cookie })));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 429, 429]);
  });

  it('ignore X-Forwarded-For from a client that is not a trusted proxy, however it rotates', async () => {
    for (const trustProxy of [false, ['192.0.2.10']] as const) {
      const { url, session } = await start({ rateLimitMax: 2, trustProxy: trustProxy === false ? false : [...trustProxy] });
      const statuses: number[] = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push((await postReport(url, buildReport(), { cookie: await session(), headers: { 'x-forwarded-for': address } })).status);
      }
      expect(statuses, JSON.stringify(trustProxy)).toEqual([201, 201, 429]);
      await endpoint!.close();
      endpoint = undefined;
    }
  });

  it('count each client behind a trusted proxy apart, by the address the proxy appended', async () => {
    // The proxy here is 127.0.0.1: it appends the client's address to what the client sent.
    const { url, session } = await start({ rateLimitMax: 2, trustProxy: ['127.0.0.1'] });
    const send = async (forwardedFor: string) => postReport(url, buildReport(), { cookie: await session(), headers: { 'x-forwarded-for': forwardedFor } });
    expect((await send('203.0.113.9, 198.51.100.1')).status).toBe(201);
    expect((await send('203.0.113.8, 198.51.100.1')).status).toBe(201);
    expect((await send('203.0.113.7, 198.51.100.1')).status).toBe(429);
    expect((await send('198.51.100.2')).status).toBe(201);
  });

  it('limit each signed-in person, whichever of their devices sends', async () => {
    const { url, session } = await start({ rateLimitMax: 0, rateLimitPersonMax: 2 });
    const alex = testUser();
    const [phone, laptop, sam] = [await session(alex), await session(alex), await session()];
    const statuses = [];
    for (const cookie of [phone, laptop, phone]) statuses.push((await postReport(url, buildReport(), { cookie })).status);
    expect(statuses).toEqual([201, 201, 429]);
    expect((await postReport(url, buildReport(), { cookie: sam })).status).toBe(201);
  });

  it("limit the reporter's news and replies, and the team's questions, as every API route", async () => {
    const { url, session } = await start({ rateLimitMax: 0, rateLimitPersonMax: 2 });
    const report = buildReport();
    const [reporter, manager] = [await session(), await session(testUser({ roles: ['reporter', 'incident-manager'] }))];
    const statuses = async (path: string, cookie: string, method = 'GET') => {
      const answers: number[] = [];
      for (let i = 0; i < 3; i++) {
        const response = await fetch(`${url}${path}`, { method, headers: { cookie, origin: url, ...(method === 'POST' ? { 'content-type': 'application/json' } : {}) }, body: method === 'POST' ? '{}' : undefined });
        answers.push(response.status);
      }
      return answers;
    };
    expect(await statuses(reportNewsUrl(report.id), reporter)).toEqual([404, 404, 429]);
    expect(await statuses(reportRepliesUrl(report.id), await session(), 'POST')).toEqual([404, 404, 429]);
    expect(await statuses(`/api/console/cases/${report.id}/questions`, manager, 'POST')).toEqual([400, 400, 429]);
  });
});
