// A fault-injecting HTTP proxy on 127.0.0.1 between simulated devices and one or more endpoint processes:
// it drops requests, drops responses after the endpoint has committed, answers 500/503/429 (with
// Retry-After) in bursts, and delays requests past the senders' timeout. Decisions come from a seeded
// generator, so a run's mix of faults is repeatable (their interleaving with concurrent senders is not).
// Every fault is counted, so a test can check that each one really happened.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type BurstStatus = 500 | 503 | 429;

export interface FaultMix {
  /** Probability that a request is dropped on arrival: the socket is destroyed, nothing is forwarded. */
  dropRequest: number;
  /**
   * Probability that a request is forwarded, the endpoint's whole response read (so it has committed), and
   * then the client's socket destroyed without an answer: the report is stored but the device never knows.
   */
  dropResponse: number;
  /** Probability that a request is held for `delayMs` before it is forwarded (past the timeout: a late commit). */
  delay: number;
  /** Inclusive range of a delay, ms. */
  delayMs: [number, number];
  /** Probability that a request starts a burst of error answers (it gets the first of them). */
  burst: number;
  /** Inclusive range of a burst's length in requests (all senders' requests count). */
  burstLength: [number, number];
  /** The statuses a burst answers with, one chosen per burst. */
  burstStatuses: BurstStatus[];
  /** Inclusive range of the Retry-After (seconds) sent with 503 and 429; 500 carries none. */
  retryAfterSeconds: [number, number];
}

/** A mix that injects every fault often enough to meet each many times in 1,000 reports. */
export const DEFAULT_FAULT_MIX: FaultMix = {
  dropRequest: 0.04,
  dropResponse: 0.05,
  delay: 0.02,
  delayMs: [800, 3000], // most outlast a 1.5 s request timeout, some do not
  burst: 0.02,
  burstLength: [3, 12],
  burstStatuses: [500, 503, 429],
  retryAfterSeconds: [1, 30],
};

export const NO_FAULTS: FaultMix = { ...DEFAULT_FAULT_MIX, dropRequest: 0, dropResponse: 0, delay: 0, burst: 0 };

export interface FaultCounters {
  /** Requests that reached the proxy. */
  requests: number;
  /** Of those, POSTs (reports sent, as against pages, assets and status reads). */
  posts: number;
  /** Requests sent on to an endpoint. */
  forwarded: number;
  /** Of those, answered 2xx by the endpoint (committed). */
  upstream2xx: number;
  /** Reports those answers gave receipts for: one for a report sent alone, each one with a receipt in a batch's answer. */
  upstreamReceipts: number;
  /** The endpoint's own answers other than 2xx, by status (none expected: every report is valid). */
  upstreamOther: Record<string, number>;
  /** Answers passed back to the device. */
  answered: number;
  droppedRequests: number;
  /** Responses destroyed after the endpoint answered (any status). */
  droppedResponses: number;
  /** Of those, the endpoint had answered 2xx: stored, and the device was not told. */
  droppedAfterCommit: number;
  delayed: number;
  /** The device had given up (timed out) by the time the delayed request was answered. */
  clientGoneBeforeAnswer: number;
  bursts: number;
  status500: number;
  status503: number;
  status429: number;
  /** The endpoint could not be reached (refused, reset: a restart): answered 502. */
  upstreamErrors: number;
}

export interface FaultProxyOptions {
  /** Endpoint origins (http://127.0.0.1:port). A function is read per request (endpoints may change). */
  upstreams: string[] | (() => string[]);
  /** How a request picks its endpoint when there are several. Default 'random'. */
  routing?: 'random' | 'round-robin';
  /** Seed of the fault decisions. Default 1. */
  seed?: number;
  mix?: Partial<FaultMix>;
  /** Default: a free port. */
  port?: number;
  /** The longest an endpoint may take to answer before the proxy gives up (502). Default 30 s. */
  upstreamTimeoutMs?: number;
}

export interface FaultProxy {
  /** http://127.0.0.1:port */
  readonly url: string;
  readonly port: number;
  counters(): FaultCounters;
  /** Turn fault injection off (pass everything through) or on again. */
  setEnabled(enabled: boolean): void;
  /**
   * Answers the next `count` requests whose path starts with `pathPrefix` with `status` and `Retry-After:
   * retryAfterSeconds`, whether fault injection is on or off (a test's exact script instead of a random mix).
   */
  refuseNext(count: number, status: BurstStatus, retryAfterSeconds: number, pathPrefix?: string): void;
  /** Stops listening and destroys every connection, in and out. */
  close(): Promise<void>;
}

/** mulberry32: a small, fast, seedable generator (uniform in [0, 1)). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many receipts an endpoint's 2xx answer holds (POST /api/reports: one; /api/reports/batch: one per report it took). */
function receiptsIn(body: Buffer): number {
  try {
    const answer = JSON.parse(body.toString('utf8')) as { results?: { receipt?: unknown }[]; receivedAt?: unknown };
    if (Array.isArray(answer.results)) return answer.results.filter((r) => r.receipt).length;
    return answer.receivedAt ? 1 : 0;
  } catch {
    return 0;
  }
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function endToEndHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}

type Decision =
  | { kind: 'pass' }
  | { kind: 'drop-request' }
  | { kind: 'drop-response' }
  | { kind: 'delay'; ms: number }
  | { kind: 'error'; status: BurstStatus; retryAfterSeconds?: number };

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const mix: FaultMix = { ...DEFAULT_FAULT_MIX, ...options.mix };
  const random = seededRandom(options.seed ?? 1);
  const between = ([low, high]: [number, number]) => low + Math.floor(random() * (high - low + 1));
  const upstreams = typeof options.upstreams === 'function' ? options.upstreams : () => options.upstreams as string[];
  const upstreamTimeoutMs = options.upstreamTimeoutMs ?? 30_000;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let enabled = true;
  let nextUpstream = 0;
  let burst: { status: BurstStatus; left: number } | undefined;
  let refusals: { left: number; status: BurstStatus; retryAfterSeconds: number; pathPrefix: string } | undefined;
  const counters: FaultCounters = {
    requests: 0,
    posts: 0,
    forwarded: 0,
    upstream2xx: 0,
    upstreamReceipts: 0,
    upstreamOther: {},
    answered: 0,
    droppedRequests: 0,
    droppedResponses: 0,
    droppedAfterCommit: 0,
    delayed: 0,
    clientGoneBeforeAnswer: 0,
    bursts: 0,
    status500: 0,
    status503: 0,
    status429: 0,
    upstreamErrors: 0,
  };

  const decide = (): Decision => {
    if (!enabled) return { kind: 'pass' };
    if (burst) {
      const status = burst.status;
      if (--burst.left <= 0) burst = undefined;
      return { kind: 'error', status };
    }
    // One draw per request, split into bands, so that the mix's probabilities are what they say.
    let r = random();
    if ((r -= mix.dropRequest) < 0) return { kind: 'drop-request' };
    if ((r -= mix.dropResponse) < 0) return { kind: 'drop-response' };
    if ((r -= mix.delay) < 0) return { kind: 'delay', ms: between(mix.delayMs) };
    if ((r -= mix.burst) < 0 && mix.burstStatuses.length) {
      // Each burst the next status in turn: a run of a few hundred requests meets every one of them.
      const status = mix.burstStatuses[counters.bursts % mix.burstStatuses.length]!;
      const length = between(mix.burstLength);
      counters.bursts++;
      if (length > 1) burst = { status, left: length - 1 };
      return { kind: 'error', status };
    }
    return { kind: 'pass' };
  };

  const pickUpstream = (): string | undefined => {
    const list = upstreams();
    if (!list.length) return undefined;
    if (list.length === 1 || options.routing === 'round-robin') return list[nextUpstream++ % list.length];
    return list[Math.floor(random() * list.length)];
  };

  const readBody = (req: http.IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
      req.on('aborted', () => reject(new Error('client aborted')));
    });

  /** Sends the request on and reads the endpoint's whole answer; undefined when it could not be reached. */
  const forward = (req: http.IncomingMessage, body: Buffer) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer } | undefined>((resolve) => {
      const target = pickUpstream();
      if (!target) return resolve(undefined);
      counters.forwarded++;
      const url = new URL(req.url ?? '/', target);
      const upstream = http.request(
        url,
        { method: req.method, headers: { ...endToEndHeaders(req.headers), 'content-length': String(body.length) }, agent, timeout: upstreamTimeoutMs },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: Buffer.concat(chunks) }));
          response.on('error', () => resolve(undefined));
          response.on('aborted', () => resolve(undefined));
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
      upstream.on('error', () => resolve(undefined));
      upstream.end(body);
    });

  const answer = (res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders, body: Buffer | string) => {
    if (res.destroyed || res.writableEnded || res.socket === null || res.socket.destroyed) {
      counters.clientGoneBeforeAnswer++;
      return;
    }
    counters.answered++;
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  const errorBody = (code: string, message: string) => JSON.stringify({ error: code, message });

  const refusal = (req: http.IncomingMessage): Decision | undefined => {
    if (!refusals?.left || !(req.url ?? '/').startsWith(refusals.pathPrefix)) return undefined;
    refusals.left--;
    return { kind: 'error', status: refusals.status, retryAfterSeconds: refusals.retryAfterSeconds };
  };

  const server = http.createServer(async (req, res) => {
    counters.requests++;
    if (req.method === 'POST') counters.posts++;
    const decision = refusal(req) ?? decide();
    if (decision.kind === 'drop-request') {
      counters.droppedRequests++;
      req.socket.destroy();
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return; // the device went away while sending: nothing to forward
    }
    if (decision.kind === 'error') {
      counters[`status${decision.status}`]++;
      const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json; charset=utf-8' };
      if (decision.status !== 500) headers['retry-after'] = String(decision.retryAfterSeconds ?? between(mix.retryAfterSeconds));
      answer(res, decision.status, headers, errorBody(decision.status === 429 ? 'rate_limited' : 'unavailable', `Injected ${decision.status}`));
      return;
    }
    if (decision.kind === 'delay') {
      counters.delayed++;
      // Forwarded even when the device has given up meanwhile: a request that arrives late still commits.
      await new Promise((resolve) => setTimeout(resolve, decision.ms));
    }
    const response = await forward(req, body);
    if (!response) {
      counters.upstreamErrors++;
      answer(res, 502, { 'content-type': 'application/json; charset=utf-8' }, errorBody('bad_gateway', 'The endpoint could not be reached'));
      return;
    }
    if (response.status >= 200 && response.status < 300) {
      counters.upstream2xx++;
      counters.upstreamReceipts += receiptsIn(response.body);
    }
    else counters.upstreamOther[response.status] = (counters.upstreamOther[response.status] ?? 0) + 1;
    if (decision.kind === 'drop-response') {
      counters.droppedResponses++;
      if (response.status >= 200 && response.status < 300) counters.droppedAfterCommit++;
      req.socket.destroy();
      return;
    }
    answer(res, response.status, endToEndHeaders(response.headers), response.body);
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counters: () => ({ ...counters, upstreamOther: { ...counters.upstreamOther } }),
    setEnabled: (on) => {
      enabled = on;
      if (!on) burst = undefined;
    },
    refuseNext: (count, status, retryAfterSeconds, pathPrefix = '/') => {
      refusals = { left: count, status, retryAfterSeconds, pathPrefix };
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      agent.destroy();
      await closed;
    },
  };
}
