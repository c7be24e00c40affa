// `npm run bench:attack`: the attack figures of issue 8 against a real endpoint process on SQLite, all traffic
// to 127.0.0.1, every loop bounded. Prints figures, asserts nothing.
//  1. flood: reports stored per minute from one client (16 concurrent keep-alive loops) with the default rate
//     limits, signed in as one reporter or as 500 in turn: from 127.0.0.1 directly; from 127.0.0.2 directly
//     with a rotating X-Forwarded-For; and from 127.0.0.2 with a rotating X-Forwarded-For through a proxy on
//     127.0.0.1 that appends the client's address (as nginx's $proxy_add_x_forwarded_for does);
//  2. trickle: whether connections that send headers and then trickle a body (re-opened when dropped) shut out
//     legitimate requests (attackers bind 127.0.0.2 and up, the legitimate requests come from 127.0.0.1);
//  3. the biggest 400 answer a request within the body limit can provoke;
//  4. the p50 of valid POSTs, alone and beside 10 huge-error requests a second.
// Env: ATTACK_TRUST_PROXY (TRUST_PROXY for the flood; default 127.0.0.1, the proxy's address), ATTACK_SECONDS (flood and latency windows,
// default 10), ATTACK_TRICKLE (connection counts to try, default "1000,10000,20000"), ATTACK_ONLY
// (comma-separated subset of flood,trickle,huge,latency).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { generateReference } from '../src/shared/reference.ts';
import { API_REPORTS } from '../src/shared/wire.ts';
import { buildBreachReport, buildReport } from '../test/support/fixtures.ts';
import { openStoreAt, startEndpoint, type RunningEndpoint } from '../test/support/server.ts';
import { createSessionIn, testUser } from '../test/support/sign-in.ts';

const SECONDS = Number(process.env.ATTACK_SECONDS ?? 10);
const TRUST_PROXY = process.env.ATTACK_TRUST_PROXY ?? '127.0.0.1';
const TRICKLE_STEPS = (process.env.ATTACK_TRICKLE ?? '1000,10000,20000').split(',').map(Number);
const ONLY = process.env.ATTACK_ONLY?.split(',');
const SOCKETS_PER_CHILD = 5000;

// ------------------------------------------------------------------------------------ trickle child
// Run as a child (one per 5,000 sockets, so that no process nears its file limit): keeps `count` connections
// open from `localAddress`, each having sent headers that announce a large body, then a byte a second. A
// connection the endpoint drops is opened again (at most 3 attempts per connection in all). Prints how many
// are open once all have been tried, and stops when its stdin closes.
if (process.argv[2] === 'trickle-child') {
  const [port, count, localAddress] = [Number(process.argv[3]), Number(process.argv[4]), process.argv[5]!];
  const sockets = new Set<net.Socket>();
  let attempts = 0;
  let stopping = false;
  const open = () =>
    new Promise<void>((resolve) => {
      attempts++;
      const socket = net.connect({ host: '127.0.0.1', port, localAddress }, () => {
        socket.write(`POST ${API_REPORTS} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{`);
        resolve();
      });
      socket.on('error', () => resolve());
      socket.on('close', () => {
        sockets.delete(socket);
        if (!stopping && attempts < 3 * count) setTimeout(open, 100);
      });
      sockets.add(socket);
    });
  for (let i = 0; i < count; i += 200) await Promise.all(Array.from({ length: Math.min(200, count - i) }, open));
  const timer = setInterval(() => {
    for (const s of sockets) if (!s.destroyed) s.write(' ');
  }, 1000);
  process.stdout.write(`${JSON.stringify({ opened: sockets.size })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    stopping = true;
    clearInterval(timer);
    process.stdout.write(`${JSON.stringify({ openAtEnd: [...sockets].filter((s) => !s.destroyed).length, attempts })}\n`);
    for (const s of sockets) s.destroy();
    process.exit(0);
  });
  await new Promise(() => undefined);
}

// ------------------------------------------------------------------------------------------ helpers

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join('.');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const agents = new Map<string, http.Agent>();
/** POSTs over keep-alive connections from `from` (a loopback address), like one client would. */
function post(url: string, body: string, headers: Record<string, string> = {}, from = '127.0.0.1'): Promise<{ status: number; bytes: number }> {
  let agent = agents.get(from);
  if (!agent) agents.set(from, (agent = new http.Agent({ keepAlive: true, localAddress: from })));
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}${API_REPORTS}`, { method: 'POST', agent, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** An endpoint process, and `sessions(n)`: Cookie headers of n fresh reporters (every POST now needs one). */
async function withEndpoint(env: Record<string, string>, work: (endpoint: RunningEndpoint, sessions: (n: number) => Promise<string[]>) => Promise<void>): Promise<void> {
  // The connection limits as in production (empty: the default); no rate limit unless `env` sets one.
  // A free port can be taken by one of the flood's own outgoing connections before the endpoint listens: try again.
  const start = () => startEndpoint({ store: 'sqlite', env: { RATE_LIMIT_MAX: '0', MAX_CONNECTIONS_PER_ADDRESS: '', ...env } });
  const endpoint = await start().catch(start).catch(start);
  const sessions = async (n: number) => {
    const store = await openStoreAt(endpoint.location);
    try {
      const cookies: string[] = [];
      for (let i = 0; i < n; i++) cookies.push(await createSessionIn(store, testUser()));
      return cookies;
    } finally {
      await store.close();
    }
  };
  try {
    await work(endpoint, sessions);
  } finally {
    await endpoint.close();
  }
}

/** An HTTP proxy on 127.0.0.1 that forwards to `targetPort` and appends the client's address to X-Forwarded-For. */
async function startAppendingProxy(targetPort: number): Promise<{ url: string; close(): Promise<void> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const server = http.createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwarded }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

// --------------------------------------------------------------------------------------------- flood

async function flood(url: string, from: string, rotateForwardedFor: boolean, cookies: string[]): Promise<{ perMinute: number; statuses: Record<number, number> }> {
  const template = buildReport();
  const statuses: Record<number, number> = {};
  let sent = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const body = JSON.stringify({ ...template, id: randomUUID(), reference: generateReference() });
      const headers: Record<string, string> = { cookie: cookies[sent++ % cookies.length]! };
      if (rotateForwardedFor) headers['x-forwarded-for'] = randomAddress();
      const status = await post(url, body, headers, from).then((r) => r.status, () => 0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, loop));
  return { perMinute: Math.round(((statuses[201] ?? 0) * 60) / SECONDS), statuses };
}

async function measureFlood(): Promise<void> {
  process.stdout.write(`\n1. Flood, one client, ${SECONDS} s per line, endpoint with TRUST_PROXY=${TRUST_PROXY} and the default rate limits\n`);
  for (const [label, from, viaProxy, rotate, accounts] of [
    ['one account, from 127.0.0.1, direct', '127.0.0.1', false, false, 1],
    ['500 accounts, from 127.0.0.1, direct', '127.0.0.1', false, false, 500],
    ['500 accounts, from 127.0.0.2, rotating X-Forwarded-For', '127.0.0.2', false, true, 500],
    ['500 accounts, 127.0.0.2 via a proxy on 127.0.0.1, rotating X-F-F', '127.0.0.2', true, true, 500],
  ] as const) {
    // Empty values: the endpoint's defaults (the test helper turns the limits off otherwise).
    await withEndpoint({ TRUST_PROXY, RATE_LIMIT_MAX: '', RATE_LIMIT_PERSON_MAX: '' }, async (endpoint, sessions) => {
      const cookies = await sessions(accounts);
      const proxy = viaProxy ? await startAppendingProxy(endpoint.port) : undefined;
      try {
        const { perMinute, statuses } = await flood(proxy?.url ?? endpoint.url, from, rotate, cookies);
        process.stdout.write(`   ${label.padEnd(66)} ${String(perMinute).padStart(8)} reports/minute   answers ${JSON.stringify(statuses)}\n`);
      } finally {
        await proxy?.close();
      }
    });
  }
}

// ------------------------------------------------------------------------------------------- trickle

interface TrickleChild {
  ready: Promise<{ opened: number }>;
  stop(): Promise<{ openAtEnd: number; attempts: number }>;
}

function startTrickleChild(port: number, count: number, localAddress: string): TrickleChild {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'trickle-child', String(port), String(count), localAddress], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  const waiters: ((line: string) => void)[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    for (let at = buffer.indexOf('\n'); at >= 0; at = buffer.indexOf('\n')) {
      const line = buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const nextLine = () => new Promise<string>((resolve) => (lines.length ? resolve(lines.shift()!) : waiters.push(resolve)));
  return {
    ready: nextLine().then((l) => JSON.parse(l)),
    stop: async () => {
      const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      child.stdin!.end();
      const line = await nextLine();
      await exited;
      return JSON.parse(line);
    },
  };
}

async function legitimateRequest(url: string, cookie: string): Promise<string> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}${API_REPORTS}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', cookie },
      body: JSON.stringify(buildReport()),
      signal: AbortSignal.timeout(5000),
    });
    await response.arrayBuffer();
    return `${response.status} in ${Math.round(performance.now() - started)} ms`;
  } catch (error) {
    return `failed after ${Math.round(performance.now() - started)} ms (${(error as Error).message})`;
  }
}

async function measureTrickle(): Promise<void> {
  process.stdout.write('\n2. Trickling connections (headers, then a byte a second; re-opened when dropped) and 5 legitimate POSTs a second apart (5 s timeout each)\n');
  for (const count of TRICKLE_STEPS) {
    await withEndpoint({}, async (endpoint, sessions) => {
      const [cookie] = await sessions(1);
      const children: TrickleChild[] = [];
      try {
        for (let i = 0; i * SOCKETS_PER_CHILD < count; i++) {
          children.push(startTrickleChild(endpoint.port, Math.min(SOCKETS_PER_CHILD, count - i * SOCKETS_PER_CHILD), `127.0.0.${2 + i}`));
        }
        const opened = (await Promise.all(children.map((c) => c.ready))).reduce((n, r) => n + r.opened, 0);
        const answers: string[] = [];
        for (let i = 0; i < 5; i++) {
          answers.push(await legitimateRequest(endpoint.url, cookie!));
          await sleep(1000);
        }
        const stored = answers.filter((a) => a.startsWith('201')).length;
        process.stdout.write(`   ${String(count).padStart(6)} wanted, ${String(opened).padStart(6)} open: ${stored}/5 legitimate reports stored (${answers.join('; ')})\n`);
      } finally {
        const ends = await Promise.all(children.map((c) => c.stop()));
        const held = ends.reduce((n, e) => n + e.openAtEnd, 0);
        const attempts = ends.reduce((n, e) => n + e.attempts, 0);
        process.stdout.write(`          still open when the attacker let go: ${held} (after ${attempts} connection attempts)\n`);
      }
    });
  }
}

// ------------------------------------------------------------------------------ huge errors, latency

// Bodies within the 256 KB limit that give one error per element or key.
function hugeErrorBodies(): Record<string, string> {
  const breach = buildBreachReport();
  const fill = (n: number, item: string) => `[${Array(n).fill(item).join(',')}]`;
  const withCategories = (list: string) => JSON.stringify({ ...breach, breach: { ...breach.breach, dataCategories: '@LIST@' } }).replace('"@LIST@"', list);
  const keys = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, 0]));
  const longKeys = (n: number, length: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i).padEnd(length, 'k'), 0]));
  return {
    '60,000 strings in a tick-box list': withCategories(fill(60_000, '"x"')),
    '120,000 zeros in a tick-box list': withCategories(fill(120_000, '0')),
    '20,000 unknown fields': JSON.stringify({ ...buildReport(), ...keys }),
    '1,900 unknown fields, 100-char names': JSON.stringify({ ...buildReport(), ...longKeys(1_900, 100) }),
    '20 unknown fields, 10,000-char names': JSON.stringify({ ...buildReport(), ...longKeys(20, 10_000) }),
  };
}

async function measureHugeErrors(): Promise<void> {
  process.stdout.write('\n3. The biggest error answer\n');
  await withEndpoint({}, async (endpoint, sessions) => {
    const [cookie] = await sessions(1);
    for (const [label, body] of Object.entries(hugeErrorBodies())) {
      const started = performance.now();
      const { status, bytes } = await post(endpoint.url, body, { cookie: cookie! });
      process.stdout.write(
        `   ${label.padEnd(38)} request ${String(body.length).padStart(7)} B -> ${status}, ${bytes.toLocaleString('en-GB').padStart(11)} B answer in ${Math.round(performance.now() - started)} ms\n`,
      );
    }
  });
}

async function validPostLatencies(url: string, cookie: string): Promise<number[]> {
  const latencies: number[] = [];
  const deadline = performance.now() + SECONDS * 1000;
  while (performance.now() < deadline) {
    const started = performance.now();
    await post(url, JSON.stringify(buildReport()), { cookie });
    latencies.push(performance.now() - started);
    await sleep(20);
  }
  return latencies.sort((a, b) => a - b);
}

async function measureLatency(): Promise<void> {
  process.stdout.write(`\n4. Valid POSTs one at a time for ${SECONDS} s, alone and beside 10 huge-error requests a second\n`);
  const body = Object.values(hugeErrorBodies())[0]!;
  await withEndpoint({}, async (endpoint, sessions) => {
    const [cookie, attackerCookie] = await sessions(2);
    const alone = await validPostLatencies(endpoint.url, cookie!);
    let stop = false;
    let sent = 0;
    const attacker = (async () => {
      const pending: Promise<unknown>[] = [];
      while (!stop) {
        pending.push(post(endpoint.url, body, { cookie: attackerCookie! }).catch(() => undefined));
        sent++;
        await sleep(100);
      }
      await Promise.all(pending);
    })();
    const attacked = await validPostLatencies(endpoint.url, cookie!);
    stop = true;
    await attacker;
    const line = (label: string, l: number[]) =>
      `   ${label.padEnd(32)} p50 ${percentile(l, 50).toFixed(1).padStart(8)} ms   p99 ${percentile(l, 99).toFixed(1).padStart(8)} ms   (${l.length} requests)\n`;
    process.stdout.write(line('alone', alone));
    process.stdout.write(line(`beside ${sent} huge-error requests`, attacked));
  });
}

const steps: Record<string, () => Promise<void>> = { flood: measureFlood, trickle: measureTrickle, huge: measureHugeErrors, latency: measureLatency };
process.stdout.write(`node ${process.version}; all traffic to 127.0.0.1\n`);
for (const [name, run] of Object.entries(steps)) if (!ONLY || ONLY.includes(name)) await run();
for (const agent of agents.values()) agent.destroy();
