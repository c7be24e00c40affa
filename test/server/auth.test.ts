// Sign-in and roles over real HTTP on loopback: the endpoint as OpenID Connect client of the development
// provider (its own listener at http://localhost:<port>), sessions in the store, who may send reports and
// read their status, sign-out, the cookie's attributes, and what the configuration refuses.
import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { DEMO_USERS, requireRole } from '../../src/server/auth/index.ts';
import { groupsOf, rolesFor, userFromClaims } from '../../src/server/auth/claims.ts';
import { safeReturnTo } from '../../src/server/auth/return-to.ts';
import { defaultConfig, parseConfig } from '../../src/server/config.ts';
import { SQLITE_FILE_NAME } from '../../src/server/storage/report-store.ts';
import { API_ME, AUTH_SIGN_OUT, signInLocation, type MeResponse } from '../../src/shared/auth.ts';
import { buildReport } from '../support/fixtures.ts';
import {
  STORE_KINDS,
  createTestStore,
  getReportStatus,
  openStoreAt,
  postReport,
  startInProcessEndpoint,
  type InProcessEndpoint,
  type TestStore,
} from '../support/server.ts';
import { SESSION_COOKIE, signInThroughProvider, testUser } from '../support/sign-in.ts';

const DAY = 24 * 3_600_000;

async function me(baseUrl: string, cookie?: string): Promise<MeResponse> {
  const response = await fetch(`${baseUrl}${API_ME}`, { headers: cookie ? { cookie } : {} });
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  return (await response.json()) as MeResponse;
}

function setCookies(response: Response): Map<string, string> {
  return new Map(response.headers.getSetCookie().map((line) => [line.slice(0, line.indexOf('=')), line]));
}

describe('signing in through the development provider', () => {
  let endpoint: InProcessEndpoint;
  beforeAll(async () => {
    endpoint = await startInProcessEndpoint();
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  it('starts with the authorization code flow and PKCE at the provider on localhost, another site', async () => {
    const response = await fetch(`${endpoint.url}${signInLocation('/report/1/check')}`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.hostname).toBe('localhost');
    expect(location.origin).not.toBe(endpoint.url);
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${endpoint.url}/auth/callback`,
      scope: 'openid profile email',
    });
    for (const param of ['state', 'nonce', 'code_challenge', 'client_id']) expect(location.searchParams.get(param)).toMatch(/^[\w-]{20,}$/);
    const signIn = setCookies(response).get('rasi_sign_in')!;
    expect(signIn).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900$/);
    // The form that leads there is allowed to: the CSP's form-action names the provider.
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`form-action 'self' ${location.origin}`);
  });

  it.each(DEMO_USERS.map((u) => [u.username, u.roles] as const))('signs in %s and comes back to the page it left, with the roles %j', async (username, roles) => {
    const { cookie, landedOn } = await signInThroughProvider(endpoint.url, username, { returnTo: '/report/abc/check?from=start' });
    expect(landedOn).toBe('/report/abc/check?from=start');
    const { user, demo } = await me(endpoint.url, cookie);
    expect(demo).toBe(true);
    expect(user).toMatchObject({ id: username, name: DEMO_USERS.find((u) => u.username === username)!.name });
    expect(user!.email).toMatch(/@example\.org$/);
    expect(user!.roles.sort()).toEqual(['reporter', ...roles].sort());
  });

  it('comes back to the start page, never another site, whatever returnTo says', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example', '/auth/sign-out', 'javascript:alert(1)']) {
      expect((await signInThroughProvider(endpoint.url, 'reporter', { returnTo })).landedOn, returnTo).toBe('/');
    }
    expect(safeReturnTo('/report/1/check?x=1#top')).toBe('/report/1/check?x=1#top');
    expect(safeReturnTo('/\u0000x')).toBe('/');
    expect(safeReturnTo('x'.repeat(3000))).toBe('/');
  });

  it('refuses a name that is not a demo user, and an empty password', async () => {
    await expect(signInThroughProvider(endpoint.url, 'mallory')).rejects.toThrow(/Enter one of the demo usernames/);
    await expect(signInThroughProvider(endpoint.url, 'reporter', { password: '' })).rejects.toThrow(/Enter a password/);
  });

  it("answers a sign-in form of the provider's that this browser never started with a clear 400", async () => {
    const start = await fetch(`${endpoint.url}${signInLocation('/')}`, { redirect: 'manual' });
    const provider = new URL(start.headers.get('location')!).origin;
    const stale = await fetch(`${provider}/interaction/not-a-real-one`);
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('This sign-in has expired');
  });

  it('uses a callback once, and not at all without the cookie of the browser that started it', async () => {
    // Sign in, but keep the callback address instead of following it.
    const start = await fetch(`${endpoint.url}${signInLocation('/')}`, { redirect: 'manual' });
    const signInCookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const callback = await callbackAddress(new URL(start.headers.get('location')!), 'reporter');
    expect(callback.origin + callback.pathname).toBe(`${endpoint.url}/auth/callback`);

    // Another browser (no sign-in cookie, as when someone is tricked into opening a stolen callback): refused.
    const stranger = await fetch(callback, { redirect: 'manual' });
    expect(stranger.status).toBe(400);
    expect(await stranger.text()).toContain('Sign-in was not finished');
    expect(setCookies(stranger).has(SESSION_COOKIE)).toBe(false);

    // The browser that started it signs in, once; a replay of the same callback does not.
    const first = await fetch(callback, { redirect: 'manual', headers: { cookie: signInCookie } });
    expect(first.status).toBe(303);
    expect(setCookies(first).get(SESSION_COOKIE)).toBeDefined();
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: signInCookie } });
    expect(replay.status).toBe(400);
    expect(setCookies(replay).has(SESSION_COOKIE)).toBe(false);
  });

  it('keeps only a hash of the session token in the store, and a cookie that is HttpOnly, SameSite=Lax, 30 days', async () => {
    const start = await fetch(`${endpoint.url}${signInLocation('/')}`, { redirect: 'manual' });
    const signInCookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
    const callback = await callbackAddress(new URL(start.headers.get('location')!), 'reporter2');
    const done = await fetch(callback, { redirect: 'manual', headers: { cookie: signInCookie } });
    const line = setCookies(done).get(SESSION_COOKIE)!;
    expect(line).toMatch(new RegExp(`^${SESSION_COOKIE}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 24 * 3600}$`));
    const token = line.slice(SESSION_COOKIE.length + 1, line.indexOf(';'));
    // The sessions table as a whole, read as text straight from the SQLite file: the hash is there, the token nowhere.
    const database = new BetterSqlite3(path.join(endpoint.store.config.dataDir, SQLITE_FILE_NAME), { readonly: true });
    try {
      const rows = JSON.stringify(database.prepare('select * from sessions').all());
      expect(rows).toContain(createHash('sha256').update(token).digest('hex'));
      expect(rows).not.toContain(token);
    } finally {
      database.close();
    }
  });

  it('signs out: the session ends, the cookie goes, and the browser is sent to the provider to sign out there too', async () => {
    const { cookie } = await signInThroughProvider(endpoint.url, 'reporter');
    // As the app's Sign out form sends it: an empty urlencoded body, from the app's own page.
    const out = await fetch(`${endpoint.url}${AUTH_SIGN_OUT}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, origin: endpoint.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(out.status).toBe(303);
    const location = new URL(out.headers.get('location')!);
    expect(location.hostname).toBe('localhost');
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${endpoint.url}/`);
    expect(setCookies(out).get(SESSION_COOKIE)).toMatch(/Max-Age=0/);
    expect((await me(endpoint.url, cookie)).user).toBeNull();
    expect((await postReport(endpoint.url, buildReport(), { cookie })).status).toBe(401);
  });

  it('refuses a sign-out from another site, or from no page at all, and stays signed in', async () => {
    const { cookie } = await signInThroughProvider(endpoint.url, 'reporter');
    const attempts: Record<string, string>[] = [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:1' }, {}];
    for (const headers of attempts) {
      const out = await fetch(`${endpoint.url}${AUTH_SIGN_OUT}`, { method: 'POST', redirect: 'manual', headers: { cookie, ...headers } });
      expect(out.status, JSON.stringify(headers)).toBe(403);
    }
    expect((await me(endpoint.url, cookie)).user?.id).toBe('reporter');
  });

  it('refuses a report sent from another site, signed in or not', async () => {
    const cookie = await endpoint.session();
    const answer = await postReport(endpoint.url, buildReport(), { cookie, headers: { origin: 'http://evil.example' } });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toBe('cross_site');
    expect((await postReport(endpoint.url, buildReport(), { cookie, headers: { origin: endpoint.url } })).status).toBe(201);
  });
});

/** Follows the provider's sign-in for `username` up to the endpoint's callback, and returns that address. */
async function callbackAddress(authorize: URL, username: string): Promise<URL> {
  const cookies = new Map<string, string>();
  const keep = (r: Response) => {
    for (const line of r.headers.getSetCookie()) {
      const pair = line.split(';')[0]!;
      cookies.set(pair.slice(0, pair.indexOf('=')), pair);
    }
  };
  const header = () => ({ cookie: [...cookies.values()].join('; ') });
  let response = await fetch(authorize, { redirect: 'manual' });
  keep(response);
  let url = new URL(response.headers.get('location')!, authorize);
  response = await fetch(url, { headers: header() });
  keep(response);
  const action = /action="([^"]+)"/.exec(await response.text())![1]!;
  response = await fetch(new URL(action, url), {
    method: 'POST',
    redirect: 'manual',
    headers: { ...header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: 'x' }),
  });
  keep(response);
  url = new URL(response.headers.get('location')!, url);
  for (let hops = 0; url.pathname !== '/auth/callback'; hops++) {
    if (hops > 5) throw new Error(`no callback in sight: ${url}`);
    response = await fetch(url, { redirect: 'manual', headers: header() });
    keep(response);
    url = new URL(response.headers.get('location')!, url);
  }
  return url;
}

describe.each(STORE_KINDS)('who may send and read reports, on %s', (kind) => {
  let store: TestStore;
  let endpoint: InProcessEndpoint;
  const alice = testUser({ name: 'Alice' });
  const bob = testUser({ name: 'Bob' });
  let aliceCookie: string;
  let bobCookie: string;

  beforeAll(async () => {
    store = await createTestStore(kind);
    endpoint = await startInProcessEndpoint({ store });
    aliceCookie = await endpoint.session(alice);
    bobCookie = await endpoint.session(bob);
  });
  afterAll(async () => {
    await endpoint?.close();
    await store?.remove();
  });

  it('answers an anonymous report 401 and stores nothing', async () => {
    const report = buildReport();
    const { status, body } = await postReport(endpoint.url, report);
    expect(status).toBe(401);
    expect(body).toEqual({ error: 'sign_in_required', message: 'Sign in to do this' });
    const direct = await openStoreAt(store.location);
    try {
      expect(await direct.findReport(report.id)).toBeUndefined();
    } finally {
      await direct.close();
    }
  });

  it('records who sent a report; only they read its status, others get 404 as for no report', async () => {
    const report = buildReport();
    expect((await postReport(endpoint.url, report, { cookie: aliceCookie })).status).toBe(201);
    expect((await getReportStatus(endpoint.url, report.id, { cookie: aliceCookie })).status).toBe(200);
    const other = await getReportStatus(endpoint.url, report.id, { cookie: bobCookie });
    const none = await getReportStatus(endpoint.url, crypto.randomUUID(), { cookie: bobCookie });
    expect(other.status).toBe(404);
    expect(other.body).toEqual(none.body);
    expect((await getReportStatus(endpoint.url, report.id)).status).toBe(401);

    // A replay by someone else gets the receipt (they hold the whole report) but does not take it over.
    expect((await postReport(endpoint.url, report, { cookie: bobCookie })).status).toBe(200);
    expect((await getReportStatus(endpoint.url, report.id, { cookie: bobCookie })).status).toBe(404);
    const direct = await openStoreAt(store.location);
    try {
      expect((await direct.findReport(report.id))?.submittedBy).toBe(alice.id);
    } finally {
      await direct.close();
    }
  });

  it('ends a session 30 days after sign-in, used or not, and after 7 days unused; a forged cookie is nobody', async () => {
    const expired = await endpoint.session(alice, { startedAt: new Date(Date.now() - 31 * DAY) });
    expect((await postReport(endpoint.url, buildReport(), { cookie: expired })).status).toBe(401);
    expect((await postReport(endpoint.url, buildReport(), { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` })).status).toBe(401);
    expect((await postReport(endpoint.url, buildReport(), { cookie: `${SESSION_COOKIE}=${'A'.repeat(5000)}` })).status).toBe(401);
    // The answer to an ended session also drops its cookie.
    const answer = await fetch(`${endpoint.url}${API_ME}`, { headers: { cookie: expired } });
    expect(answer.headers.getSetCookie().join()).toMatch(new RegExp(`^${SESSION_COOKIE}=; .*Max-Age=0`));

    // In the store's own terms: written Monday, sent Friday, on one sign-in; then a week unused ends it.
    const sessions = endpoint.app.store.sessions;
    const times = { idleMs: 7 * DAY, maxAgeMs: 30 * DAY };
    const monday = new Date('2026-03-02T09:00:00Z');
    const { token } = await sessions.createSession(alice, times, monday);
    const at = (days: number) => new Date(monday.getTime() + days * DAY);
    expect((await sessions.findSessionUser(token, times, at(4)))?.id).toBe(alice.id);
    expect((await sessions.findSessionUser(token, times, at(10)))?.id).toBe(alice.id); // 6 days after Friday
    expect(await sessions.findSessionUser(token, times, at(17.5))).toBeNull(); // 7.5 days unused
    expect(await sessions.findSessionUser(token, times, at(10))).toBeNull(); // and it is gone for good

    const busy = await sessions.createSession(alice, times, monday);
    for (let day = 1; day < 30; day += 3) expect(await sessions.findSessionUser(busy.token, times, at(day))).not.toBeNull();
    expect(await sessions.findSessionUser(busy.token, times, at(30))).toBeNull(); // used every 3 days, still 30 at most
  });

  it('sweeps ended sessions and abandoned sign-ins', async () => {
    const sessions = endpoint.app.store.sessions;
    const times = { idleMs: 7 * DAY, maxAgeMs: 30 * DAY };
    const long = new Date(Date.now() - 60 * DAY);
    await sessions.createSession(testUser(), times, long);
    await sessions.saveSignIn({ state: 's', nonce: 'n', codeVerifier: 'v', returnTo: '/' }, 60_000, long);
    expect(await sessions.deleteExpired(times)).toBeGreaterThanOrEqual(2);
    expect(await sessions.deleteExpired(times)).toBe(0);
  });
});

describe('requireRole', () => {
  let app: FastifyInstance;
  let store: TestStore;
  let url: string;
  beforeAll(async () => {
    store = await createTestStore('sqlite');
    app = await buildApp({ config: { ...store.config, staticDir: path.join(os.tmpdir(), 'rasi-no-static-build'), logLevel: 'silent', devOidcPort: 0 } });
    app.get('/api/test/triage', { onRequest: requireRole('incident-manager', 'dpo') }, async () => ({ ok: true }));
    app.get('/api/test/anyone', { preHandler: requireRole() }, async (request) => ({ id: request.user?.id }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
    await store?.remove();
  });

  it('answers 401 to nobody, 403 to someone without the role, and lets the role through', async () => {
    const cookieOf = async (roles: Parameters<typeof testUser>[0]) => `${SESSION_COOKIE}=${(await app.store.sessions.createSession(testUser(roles), { maxAgeMs: DAY })).token}`;
    const get = async (path: string, cookie?: string) => (await fetch(`${url}${path}`, { headers: cookie ? { cookie } : {} })).status;
    const reporter = await cookieOf({ roles: ['reporter'] });
    const manager = await cookieOf({ roles: ['reporter', 'incident-manager'] });
    const dpo = await cookieOf({ roles: ['reporter', 'dpo'] });
    const reader = await cookieOf({ roles: ['reporter', 'read-only'] });
    expect([await get('/api/test/triage'), await get('/api/test/triage', reporter), await get('/api/test/triage', reader)]).toEqual([401, 403, 403]);
    expect([await get('/api/test/triage', manager), await get('/api/test/triage', dpo)]).toEqual([200, 200]);
    expect([await get('/api/test/anyone'), await get('/api/test/anyone', reader)]).toEqual([401, 200]);
    const forbidden = await fetch(`${url}/api/test/triage`, { headers: { cookie: reporter } });
    expect(await forbidden.json()).toEqual({ error: 'forbidden', message: 'Only incident-manager or dpo users may do this' });
  });
});

describe('roles from the group claim', () => {
  const mapping = { groupsClaim: 'groups', roleGroups: defaultConfig().roleGroups };

  it('makes every signed-in person a reporter and adds the roles their groups map to', () => {
    expect(rolesFor([], mapping.roleGroups)).toEqual(['reporter']);
    expect(rolesFor(['incident-managers', 'data-protection-officers', 'staff'], mapping.roleGroups)).toEqual(['reporter', 'incident-manager', 'dpo']);
    expect(groupsOf('incident-readers, staff')).toEqual(['incident-readers', 'staff']);
    expect(groupsOf({ not: 'a list' })).toEqual([]);
    expect(userFromClaims({ sub: 'u1', given_name: 'Ada', family_name: 'Lovelace', email: 'ada@example.org', groups: ['incident-readers'] }, mapping)).toEqual({
      id: 'u1',
      name: 'Ada Lovelace',
      email: 'ada@example.org',
      roles: ['reporter', 'read-only'],
    });
    expect(userFromClaims({ name: 'No Subject' }, mapping)).toBeUndefined();
  });

  it('reads the groups from the claim and the groups the configuration names', () => {
    const parsed = parseConfig({ OIDC_GROUPS_CLAIM: 'roles', ROLE_GROUPS_DPO: 'DPO-Team, Privacy' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const user = userFromClaims({ sub: 'u2', email: 'u2@example.org', roles: ['Privacy'], groups: ['incident-managers'] }, parsed.config);
    expect(user?.roles).toEqual(['reporter', 'dpo']);
  });
});

describe('configuration', () => {
  const errors = (env: Record<string, string>) => {
    const parsed = parseConfig(env);
    return parsed.ok ? [] : parsed.errors;
  };

  it('keeps a session long by default: 7 days unused, 30 days at most; the provider on PORT+1', () => {
    const config = defaultConfig();
    expect([config.sessionIdleMs, config.sessionMaxMs]).toEqual([7 * DAY, 30 * DAY]);
    expect(config.oidc).toBeUndefined();
    expect(config.devOidcPort).toBe(8081);
    const zero = parseConfig({ PORT: '0' });
    expect(zero.ok && zero.config.devOidcPort).toBe(0);
  });

  it('refuses the development provider off loopback or in production, a plain http issuer, and half an issuer', () => {
    expect(errors({ HOST: '0.0.0.0' }).join()).toMatch(/^OIDC_ISSUER: .*HOST \(0\.0\.0\.0\) is not a loopback address/);
    expect(errors({ NODE_ENV: 'production' }).join()).toMatch(/^OIDC_ISSUER: .*NODE_ENV is production/);
    expect(errors({ HOST: '::1' })).toEqual([]);
    const real = { OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', OIDC_CLIENT_ID: 'app', OIDC_CLIENT_SECRET: 's3cret' };
    expect(errors({ ...real, NODE_ENV: 'production', PUBLIC_URL: 'https://report.example.org' })).toEqual([]);
    expect(errors({ ...real, OIDC_ISSUER: 'http://login.example.org' }).join()).toContain('OIDC_ISSUER must be an https:// address');
    expect(errors({ OIDC_ISSUER: real.OIDC_ISSUER }).join()).toContain('set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together');
    expect(errors({ ...real, HOST: '0.0.0.0' }).join()).toMatch(/^PUBLIC_URL: /);
    expect(errors({ PUBLIC_URL: 'https://report.example.org/app' }).join()).toContain('PUBLIC_URL must be an origin');
    expect(errors({ OIDC_SCOPES: 'profile email' }).join()).toContain('OIDC_SCOPES must include openid');
  });

  it('refuses to build the app with the development provider on a non-loopback host', async () => {
    const store = await createTestStore('sqlite');
    try {
      await expect(buildApp({ config: { ...store.config, host: '0.0.0.0', logLevel: 'silent' } })).rejects.toThrow(/not a loopback address/);
    } finally {
      await store.remove();
    }
  });
});

describe('with the department provider configured', () => {
  it('runs no development provider, says so in /api/me, and never uses a plain http issuer', async () => {
    const endpoint = await startInProcessEndpoint({ config: { oidc: { issuer: 'http://localhost:9/', clientId: 'app', clientSecret: 's3cret' } } });
    try {
      expect(await me(endpoint.url)).toEqual({ user: null, demo: false });
      const start = await fetch(`${endpoint.url}${signInLocation('/')}`, { redirect: 'manual' });
      expect(start.status).toBe(503);
      expect(await start.text()).toContain('Signing in is not available just now');
    } finally {
      await endpoint.close();
    }
  });

  it('on an https site, makes its cookies Secure and __Host- prefixed, and sends people back to PUBLIC_URL', async () => {
    const endpoint = await startInProcessEndpoint({ config: { publicUrl: 'https://report.example.org' } });
    try {
      const start = await fetch(`${endpoint.url}${signInLocation('/')}`, { redirect: 'manual' });
      expect(start.status).toBe(303);
      expect(new URL(start.headers.get('location')!).searchParams.get('redirect_uri')).toBe('https://report.example.org/auth/callback');
      expect(start.headers.getSetCookie()[0]).toMatch(/^__Host-rasi_sign_in=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Secure; Max-Age=900$/);
    } finally {
      await endpoint.close();
    }
  });
});
