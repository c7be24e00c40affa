// Every route of the endpoint, fuzzed with fast-check over real HTTP on loopback, on both stores: no answer is
// a 5xx, every 4xx carries an error body with a message that says what is wrong, and every row stored
// re-validates against the schema. `npm test` runs FUZZ_RUNS cases per route (default 200); `npm run fuzz`
// runs 10,000. Seeded (FUZZ_SEED), so a failure can be replayed; fast-check prints the seed and path.
// The routes are read from the app itself, so a route added later is fuzzed too (generically, until it gets
// generators of its own below).
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS } from '../../src/server/errors.ts';
import { validateReport } from '../../src/shared/report.ts';
import { ROLES } from '../../src/shared/auth.ts';
import { errorBodySchema, receiptSchema, statusResponseSchema } from '../../src/shared/wire.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTempDir, createTestStore, openStoreAt, startInProcessEndpoint, type InProcessEndpoint, type TempDir, type TestStore } from '../support/server.ts';
import { SESSION_COOKIE, testUser } from '../support/sign-in.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_408);
// Generous: 10,000 cases on a loaded machine; a bound, not a speed claim.
const TIMEOUT_MS = Math.max(60_000, RUNS * 25);

// ------------------------------------------------------------------------------------------ the app

/** A stand-in for the built PWA and console, so that their routes exist (and a navigation gets a page, not a 503). */
async function fakeBuild(): Promise<TempDir> {
  const dist = await createTempDir('rasi-fuzz-dist-');
  await fs.mkdir(path.join(dist.dir, 'assets'));
  await fs.writeFile(path.join(dist.dir, 'index.html'), '<!doctype html><title>Report a security incident</title>');
  await fs.writeFile(path.join(dist.dir, 'console.html'), '<!doctype html><title>Incident console</title>');
  await fs.writeFile(path.join(dist.dir, 'assets', 'index-abc123.js'), 'console.log(1);');
  await fs.writeFile(path.join(dist.dir, '.env'), 'SECRET=1');
  return dist;
}

interface Route {
  method: string;
  url: string;
}

/** The app's routes, as Fastify registers them (HEAD is fuzzed with GET). */
async function listRoutes(): Promise<Route[]> {
  const dist = await fakeBuild();
  const routes: Route[] = [];
  const endpoint = await startInProcessEndpoint({
    config: { staticDir: dist.dir },
    onRoute: (route) => {
      for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
    },
  });
  await endpoint.close();
  await dist.remove();
  return routes;
}

const routes = await listRoutes();

// ------------------------------------------------------------------------------------------ requests

interface FuzzRequest {
  /** Index into the identities of the run: nobody, a reporter, staff with every role, an ended session, a forged cookie. */
  who: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

function send(baseUrl: string, agent: http.Agent, request: FuzzRequest, cookies: (string | undefined)[]): Promise<Answer> {
  const cookie = cookies[request.who % cookies.length];
  const headers = cookie ? { ...request.headers, cookie } : request.headers;
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${request.path}`, { method: request.method, headers, agent }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, text }));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.end(request.body);
  });
}

// ------------------------------------------------------------------------------------------ generators

const headerValue = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  fc.constantFrom('application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/JSON', ''),
  headerValue,
);
const extraHeaders = fc.dictionary(
  fc.constantFrom('content-encoding', 'x-forwarded-for', 'accept', 'accept-encoding', 'transfer-encoding-x', 'origin', 'cookie', 'if-none-match', 'range'),
  fc.oneof(fc.constantFrom('gzip', 'identity', 'br', 'deflate', 'bytes=0-1', '*', '10.0.0.1'), headerValue),
  { maxKeys: 2 },
);
// Text of every kind: control characters, lone surrogates, bidi controls, very long.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('\u0000', '\u202e', '\u200b', '\ud800', '=', ' ', 'é', 'e\u0301', '\n'), maxLength: 10 }),
  fc.integer({ min: 4990, max: 7000 }).map((n) => 'x'.repeat(n)),
);
const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), anyText, fc.constantFrom(null, true, 0, -1, 1e308, [], {}));

/** Every path (as keys) inside a JSON value. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

type Mutation = { at: number; kind: 'set' | 'delete' | 'add'; value: unknown; key: string };

function mutate(report: unknown, mutations: Mutation[]): unknown {
  const copy = structuredClone(report) as Record<string, unknown>;
  for (const m of mutations) {
    const paths = pathsOf(copy);
    const target = paths[m.at % paths.length]!;
    if (target.length === 0) {
      copy[m.key] = m.value;
      continue;
    }
    const parent = target.slice(0, -1).reduce<any>((node, k) => node?.[k], copy);
    if (typeof parent !== 'object' || parent === null) continue;
    const last = target.at(-1)!;
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (m.kind === 'add' && !Array.isArray(parent)) parent[m.key] = m.value;
    else parent[last] = m.value;
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('set', 'set', 'delete', 'add'),
  value: anyJson,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'kind', 'id', 'extra'), fc.string({ maxLength: 12 })),
});

const validReport = fc
  .record({ breach: fc.boolean(), id: fc.uuid({ version: 4 }), upper: fc.boolean() })
  .map(({ breach, id, upper }) => ({ ...(breach ? buildBreachReport() : buildReport()), id: upper ? id.toUpperCase() : id }));

const reportBody: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 2, arbitrary: validReport.map((r) => JSON.stringify(r)) },
  { weight: 10, arbitrary: fc.tuple(validReport, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([r, m]) => JSON.stringify(mutate(r, m))) },
  { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? '') },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 120_000 }).map((n) => `[${Array(n).fill('0').join(',')}]`) },
);

const anySegment = fc.oneof(
  fc.uuid({ version: 4 }),
  fc.uuid({ version: 4 }).map((id) => id.toUpperCase()),
  fc.constantFrom('..', '%2e%2e', '.env', 'index.html', 'assets', '%00', '%ZZ', 'a'.repeat(300), '00000000-0000-0000-0000-000000000000'),
  fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent),
);
const query = fc.option(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 10 }), { maxKeys: 3 }).map((q) => `?${new URLSearchParams(q)}`), { nil: '' });

// Mostly signed in (a reporter, or staff with every role), so that requests get past sign-in.
const who = fc.constantFrom(1, 1, 1, 1, 2, 2, 2, 0, 3, 4);

/**
 * Requests for one route: its own method (HEAD for a GET now and then), its parameters filled with anything
 * or, half the time, with the id of a report stored earlier in the run (`knownIds`), so that routes about one
 * report are reached past "not found".
 */
function requestsFor(route: Route, knownIds: () => string[]): fc.Arbitrary<FuzzRequest> {
  const method = route.method === 'GET' ? fc.constantFrom('GET', 'GET', 'GET', 'HEAD') : fc.constant(route.method);
  const parameter = fc.oneof(anySegment, fc.nat().map((n) => knownIds()[n % Math.max(1, knownIds().length)] ?? 'none'));
  const pathArb = fc
    .tuple(parameter, fc.array(anySegment, { minLength: 1, maxLength: 4 }), query)
    .map(([param, segments, q]) => route.url.replace(/:[^/]+/g, () => param).replace(/\*$/, () => segments.join('/')) + q);
  const withBody = route.method === 'POST' || route.method === 'PUT' || route.method === 'PATCH';
  const body = route.url === '/api/reports' ? reportBody : fc.oneof(anyJson.map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 100 }));
  return fc.record({
    who,
    method,
    path: pathArb,
    headers: fc.tuple(contentType, extraHeaders).map(([type, extra]) => ({ ...(withBody && type ? { 'content-type': type } : {}), ...extra })),
    body: withBody ? body : fc.constant(undefined),
  });
}

/** Requests no route expects: any method, any path. */
const strayRequests: fc.Arbitrary<FuzzRequest> = fc.record({
  who,
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  path: fc.tuple(fc.array(anySegment, { maxLength: 4 }), query).map(([s, q]) => `/${s.join('/')}${q}`),
  headers: fc.constant({}),
  body: fc.constant(undefined),
});

// ------------------------------------------------------------------------------------------ checks

const GENERIC_MESSAGE = 'The request could not be processed';

/** What every answer must be; returns a description of what is wrong, or undefined. */
function problemWith(request: FuzzRequest, answer: Answer): string | undefined {
  if (answer.status >= 500) return `a ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (request.method === 'HEAD') return undefined;
  if (answer.status >= 400 && String(answer.headers['content-type']).startsWith('text/html')) {
    // A page for a browser (sign-in, or the console's shell, which says why on the page): a titled page.
    return /<(h1|title)[^>]*>[^<]*\w[^<]*<\/\1>/.test(answer.text) ? undefined : `a ${answer.status} page without a title: ${answer.text.slice(0, 200)}`;
  }
  if (answer.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `a ${answer.status} whose body is not JSON: ${answer.text.slice(0, 200)}`;
    }
    const parsed = errorBodySchema.safeParse(body);
    if (!parsed.success) return `a ${answer.status} without an error body: ${answer.text.slice(0, 200)}`;
    const { message, fields } = parsed.data;
    if (message.trim() === '' || message === GENERIC_MESSAGE) return `a ${answer.status} without a clear message: ${message}`;
    if (fields && (fields.length === 0 || fields.length > MAX_FIELD_ERRORS)) return `a 400 with ${fields.length} field errors`;
    if (fields?.some((f) => f.message.trim() === '')) return 'a field error without a message';
    return undefined;
  }
  if (request.path.startsWith('/api/reports') && request.method === 'POST' && !receiptSchema.safeParse(JSON.parse(answer.text)).success) {
    return `a ${answer.status} that is not a receipt: ${answer.text.slice(0, 200)}`;
  }
  if (/^\/api\/reports\/[^/]+\/status/.test(request.path) && !statusResponseSchema.safeParse(JSON.parse(answer.text)).success) {
    return `a status answer that does not parse: ${answer.text.slice(0, 200)}`;
  }
  return undefined;
}

describe.each(STORE_KINDS)(`fuzzing every route on %s (${RUNS} cases each, seed ${SEED})`, (kind) => {
  let store: TestStore;
  let dist: TempDir;
  let endpoint: InProcessEndpoint;
  let cookies: (string | undefined)[];
  const agent = new http.Agent({ keepAlive: true });
  const accepted = new Set<string>();
  const statuses: Record<string, number> = {};

  beforeAll(async () => {
    store = await createTestStore(kind);
    dist = await fakeBuild();
    endpoint = await startInProcessEndpoint({ store, config: { staticDir: dist.dir } });
    const ended = new Date(Date.now() - 400 * 24 * 3_600_000);
    cookies = [
      undefined,
      await endpoint.session(testUser()),
      await endpoint.session(testUser({ roles: [...ROLES] })),
      await endpoint.session(testUser(), { startedAt: ended }),
      `${SESSION_COOKIE}=forged-${'x'.repeat(40)}`,
    ];
  });
  afterAll(async () => {
    // The answers seen, so that a run shows what it reached (e.g. how many reports were stored).
    console.log(`fuzz on ${kind}: ${JSON.stringify(Object.fromEntries(Object.entries(statuses).sort()))}`);
    await endpoint?.close();
    await store?.remove();
    await dist?.remove();
    agent.destroy();
  });

  it.each([...routes.map((r) => [`${r.method} ${r.url}`, r] as const), ['any method, any path', undefined] as const])(
    '%s: no 5xx, every 4xx with a clear message',
    async (_name, route) => {
      await fc.assert(
        fc.asyncProperty(route ? requestsFor(route, () => [...accepted]) : strayRequests, async (request) => {
          const answer = await send(endpoint.url, agent, request, cookies);
          const problem = problemWith(request, answer);
          if (problem) throw new Error(`${request.method} ${request.path} answered ${problem}`);
          if (request.method === 'POST' && answer.status === 201) accepted.add(JSON.parse(answer.text).id);
          const tally = `${request.method} ${answer.status}`;
          statuses[tally] = (statuses[tally] ?? 0) + 1;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TIMEOUT_MS,
  );

  it('stored only reports that pass the schema again', async () => {
    const direct = await openStoreAt(store.location);
    try {
      const rows = await direct.listReports();
      expect(rows.length).toBe(accepted.size);
      for (const row of rows) {
        const stored = await direct.findReport(row.id);
        const again = validateReport(stored!.report);
        expect(again.ok, `${row.id}: ${JSON.stringify(!again.ok && again.errors)}`).toBe(true);
      }
    } finally {
      await direct.close();
    }
  });
});

// A guard on the generators themselves: most mutated reports must reach the schema, not stop at JSON parsing.
it('the report generator yields JSON objects most of the time', () => {
  const samples = fc.sample(reportBody, { numRuns: 200, seed: SEED });
  const objects = samples.filter((s) => {
    try {
      const v = JSON.parse(String(s));
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      return false;
    }
  });
  expect(objects.length).toBeGreaterThan(120);
});
