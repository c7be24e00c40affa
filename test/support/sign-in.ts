// Signing in, for tests, benchmarks and the fault harness: a session made straight in the store (fast; the
// endpoint cannot tell it from one made by a sign-in), or a real sign-in through the development provider
// over HTTP, following every redirect with a cookie jar per host as a browser would.
import type { Role, SessionUser } from '../../src/shared/auth.ts';
import { signInLocation } from '../../src/shared/auth.ts';
import { cookieNames } from '../../src/server/auth/cookies.ts';
import { openReportStore, type ReportStore, type StoreLocation } from '../../src/server/storage/report-store.ts';

export const SESSION_COOKIE = cookieNames(false).session;
const DAY_MS = 24 * 3_600_000;

let serial = 0;
/** A person with a fresh id (so reports of one test are never another's), or the given one. */
export function testUser(overrides: Partial<SessionUser> & { roles?: Role[] } = {}): SessionUser {
  const n = ++serial;
  return {
    id: `test-user-${process.pid}-${Date.now().toString(36)}-${n}`,
    name: `Test User ${n}`,
    email: `test.user.${n}@example.org`,
    roles: ['reporter'],
    ...overrides,
  };
}

export interface SessionOptions {
  /** When the session started (default now): 31 days ago gives an ended one. */
  startedAt?: Date;
  maxAgeMs?: number;
}

/** A session for `user` in an open store; resolves to the Cookie header that carries it. */
export async function createSessionIn(store: ReportStore, user: SessionUser = testUser(), options: SessionOptions = {}): Promise<string> {
  const { token } = await store.sessions.createSession(user, { maxAgeMs: options.maxAgeMs ?? 30 * DAY_MS }, options.startedAt);
  return `${SESSION_COOKIE}=${token}`;
}

/** The same, opening the store at `location` for the moment (for an endpoint in another process). */
export async function createSession(location: StoreLocation, user: SessionUser = testUser(), options: SessionOptions = {}): Promise<string> {
  const store = await openReportStore(location, { poolSize: 1 });
  try {
    return await createSessionIn(store, user, options);
  } finally {
    await store.close();
  }
}

/** `fetch` that adds a Cookie header to every request: for flushOutbox and refreshCaseStatuses in Node. */
export function fetchWithCookie(cookie: string, base: typeof fetch = fetch): typeof fetch {
  return (input, init = {}) => {
    const headers = new Headers(init.headers);
    headers.set('cookie', cookie);
    return base(input, { ...init, headers });
  };
}

/** A cookie jar per host, as a browser keeps (enough for the session and the provider's cookies). */
class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.host) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  store(url: URL, response: Response): void {
    const jar = this.jars.get(url.host) ?? new Map<string, string>();
    this.jars.set(url.host, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  }
}

export interface ProviderSignIn {
  /** The Cookie header for the endpoint (its session cookie). */
  cookie: string;
  /** Where the endpoint sent the browser at the end (the returnTo). */
  landedOn: string;
}

/**
 * Signs `username` in through GET /auth/sign-in, the development provider's form and the callback, as a
 * browser would. Throws with what went wrong when a step does not answer as expected.
 */
export async function signInThroughProvider(baseUrl: string, username: string, options: { password?: string; returnTo?: string } = {}): Promise<ProviderSignIn> {
  const jar = new CookieJar();
  const request = async (url: URL, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    jar.store(url, response);
    return response;
  };
  // Follows redirects until a page answers 200 (or the endpoint's own start page is reached).
  const follow = async (start: URL, init: RequestInit = {}): Promise<{ url: URL; response: Response }> => {
    let url = start;
    let response = await request(url, init);
    for (let hops = 0; response.status >= 300 && response.status < 400; hops++) {
      if (hops > 10) throw new Error(`too many redirects from ${start}`);
      const next = new URL(response.headers.get('location')!, url);
      if (next.origin === new URL(baseUrl).origin && !next.pathname.startsWith('/auth/')) return { url: next, response };
      url = next;
      response = await request(url);
    }
    return { url, response };
  };

  const login = await follow(new URL(signInLocation(options.returnTo ?? '/'), baseUrl));
  const html = await login.response.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  if (login.response.status !== 200 || !action) throw new Error(`expected the provider's sign-in form at ${login.url}, got ${login.response.status}: ${html.slice(0, 300)}`);
  const done = await follow(new URL(action, login.url), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: options.password ?? 'any password' }),
  });
  const cookie = jar.header(new URL(baseUrl));
  if (!cookie.includes(`${SESSION_COOKIE}=`)) {
    const page = await done.response.text();
    const said = /role="alert">([^<]*)</.exec(page)?.[1] ?? page.slice(0, 300);
    throw new Error(`no session after signing in as ${username}: ${done.response.status} at ${done.url}: ${said}`);
  }
  return { cookie: cookie.split('; ').filter((c) => c.startsWith(`${SESSION_COOKIE}=`)).join('; '), landedOn: done.url.pathname + done.url.search };
}
