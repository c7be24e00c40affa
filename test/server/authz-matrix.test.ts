// The authorization matrix: every route of the endpoint (as Fastify registers them, HEAD included) asked as
// every kind of caller, each answer compared with the expected one committed in authz-matrix.json. A route
// that is not in the matrix fails the test until someone decides who may call it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, SessionUser } from '../../src/shared/auth.ts';
import { buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTempDir, createTestStore, postReport, startInProcessEndpoint, type InProcessEndpoint, type TempDir, type TestStore } from '../support/server.ts';
import { SESSION_COOKIE, testUser } from '../support/sign-in.ts';

interface MatrixRow {
  request: { path: string; body?: 'a new report' | 'a batch of one new report'; headers?: Record<string, string> };
  why?: string;
  expect: Record<string, string>;
}
interface Matrix {
  principals: Record<string, string>;
  routes: Record<string, MatrixRow>;
}

const matrix = JSON.parse(readFileSync(new URL('./authz-matrix.json', import.meta.url), 'utf8')) as Matrix;
const PRINCIPALS = Object.keys(matrix.principals);
const DAY = 24 * 3_600_000;

/** Who each principal is, and how their cookie is made (a fresh session for every request). */
const people: Record<string, SessionUser> = {
  reporterA: testUser({ name: 'Reporter A' }),
  reporterB: testUser({ name: 'Reporter B' }),
  incidentManager: testUser({ roles: ['reporter', 'incident-manager'] satisfies Role[] }),
  dpo: testUser({ roles: ['reporter', 'dpo'] }),
  readOnly: testUser({ roles: ['reporter', 'read-only'] }),
};

async function cookieFor(endpoint: InProcessEndpoint, principal: string): Promise<string | undefined> {
  if (principal === 'anonymous') return undefined;
  if (principal === 'forgedCookie') return `${SESSION_COOKIE}=${randomBytes(32).toString('base64url')}`;
  if (principal === 'expiredSession') return endpoint.session(people.reporterA, { startedAt: new Date(Date.now() - 31 * DAY) });
  const person = people[principal];
  if (!person) throw new Error(`authz-matrix.json names a principal the test does not know: ${principal}`);
  return endpoint.session(person);
}

/** What the answer says, in the matrix's terms: the status, and for a body naming a user, which principal. */
async function describeAnswer(response: Response): Promise<string> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return String(response.status);
  }
  if (body && typeof body === 'object' && 'user' in body) {
    const id = (body as { user: { id: string } | null }).user?.id;
    const who = id === undefined ? 'nobody' : (Object.entries(people).find(([, p]) => p.id === id)?.[0] ?? `unknown user ${id}`);
    return `${response.status} ${who}`;
  }
  return String(response.status);
}

describe.each(STORE_KINDS)('authorization matrix on %s', (kind) => {
  let store: TestStore;
  let dist: TempDir;
  let endpoint: InProcessEndpoint;
  const routes = new Set<string>();
  let reportOfA: string;

  beforeAll(async () => {
    store = await createTestStore(kind);
    // A minimal built app, so that the routes serving it are there too.
    dist = await createTempDir('rasi-dist-');
    await fs.writeFile(path.join(dist.dir, 'index.html'), '<!doctype html><title>app</title>');
    await fs.writeFile(path.join(dist.dir, 'console.html'), '<!doctype html><title>console</title>');
    endpoint = await startInProcessEndpoint({
      store,
      config: { staticDir: dist.dir },
      onRoute: (route) => {
        for (const method of [route.method].flat()) routes.add(`${method} ${route.url}`);
      },
    });
    const report = buildReport();
    expect((await postReport(endpoint.url, report, { cookie: await endpoint.session(people.reporterA) })).status).toBe(201);
    reportOfA = report.id;
  });
  afterAll(async () => {
    await endpoint?.close();
    await store?.remove();
    await dist?.remove();
  });

  it('lists every route the endpoint has, and no route it does not have', () => {
    expect([...routes].sort(), 'routes missing from authz-matrix.json (decide who may call them, and add them)').toEqual(Object.keys(matrix.routes).sort());
  });

  it('gives every principal the expected answer on every route: 0 wrong answers', async () => {
    const wrong: string[] = [];
    let asked = 0;
    for (const [route, row] of Object.entries(matrix.routes)) {
      expect(Object.keys(row.expect).sort(), `${route}: one expected answer per principal`).toEqual([...PRINCIPALS].sort());
      const method = route.split(' ')[0]!;
      const url = `${endpoint.url}${row.request.path.replace('{report of reporterA}', reportOfA)}`;
      for (const principal of PRINCIPALS) {
        const headers = new Headers(Object.entries(row.request.headers ?? {}).map(([k, v]): [string, string] => [k, v.replace('{this site}', endpoint.url)]));
        const cookie = await cookieFor(endpoint, principal);
        if (cookie) headers.set('cookie', cookie);
        let body: string | undefined;
        if (row.request.body) {
          headers.set('content-type', 'application/json');
          body = JSON.stringify(row.request.body === 'a new report' ? buildReport() : { reports: [buildReport()] });
        }
        const response = await fetch(url, { method, headers, body, redirect: 'manual' });
        const answer = await describeAnswer(response);
        asked++;
        if (answer !== row.expect[principal]) wrong.push(`${route} as ${principal}: expected ${row.expect[principal]}, got ${answer}`);
      }
    }
    console.log(`authorization matrix (${kind}): ${Object.keys(matrix.routes).length} routes x ${PRINCIPALS.length} principals, ${asked} requests, ${wrong.length} wrong answers`);
    expect(wrong).toEqual([]);
  });
});
