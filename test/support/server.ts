// Real endpoints for tests, fault harnesses and benchmarks: a child process (`startEndpoint`: SIGTERM,
// SIGKILL, restart on the same store and port) or an in-process listener (`startInProcessEndpoint`), always
// on 127.0.0.1, on a temporary SQLite directory or a fresh PostgreSQL database that `close()` removes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApp, type AppOptions } from '../../src/server/app.ts';
import type { ServerConfig } from '../../src/server/config.ts';
import { openReportStore, type ReportStore, type StoreLocation } from '../../src/server/storage/report-store.ts';
import { API_REPORT_BATCH, API_REPORTS, reportStatusUrl } from '../../src/shared/wire.ts';
import type { SessionUser } from '../../src/shared/auth.ts';
import { createSession, createSessionIn, type SessionOptions } from './sign-in.ts';

export type { StoreLocation };
export type StoreKind = 'sqlite' | 'postgres';
export const STORE_KINDS: readonly StoreKind[] = ['sqlite', 'postgres'];

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built PWA (`npm run build`). */
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
/** The built endpoint's entry point (`npm run build`), as `npm start` runs it. */
export const BUILT_ENTRY = path.join(REPO_ROOT, 'dist-server', 'server', 'main.js');

/** What `npm start` gives node (package.json's start script: its flags and the built entry point), without npm. */
function startScriptArgs(): string[] {
  const { scripts } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's start script does not run node: ${scripts.start}`);
  return args;
}

// ---------------------------------------------------------------------------------------------- stores

/** The PostgreSQL the tests use: TEST_DATABASE_URL, else the CI one on loopback. */
export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
}

export interface TestDatabase {
  /** The fresh database's URL (DATABASE_URL for endpoints). */
  url: string;
  name: string;
  /** Drops the database, disconnecting whoever is still connected. */
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database with a random name, so that parallel runs never share tables. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = testDatabaseUrl();
  const name = `rasi_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE template0`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    // Loud on purpose: CI has PostgreSQL, and a skipped half of the suite would pass unnoticed.
    throw new Error(
      `PostgreSQL is not reachable at ${redactUrl(adminUrl)} (${(error as Error).message}). ` +
        'The server tests need it: start it, or set TEST_DATABASE_URL to one that is running.',
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

export interface TempDir {
  dir: string;
  remove(): Promise<void>;
}

export async function createTempDir(prefix = 'rasi-'): Promise<TempDir> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
}

export interface TestStore {
  kind: StoreKind;
  location: StoreLocation;
  /** Endpoint settings that point at this store. */
  config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>;
  /** Removes the temporary directory or drops the database. */
  remove(): Promise<void>;
}

/** A new, empty store of either kind (a temp SQLite directory, or a fresh PostgreSQL database). */
export async function createTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === 'postgres') {
    const database = await createTestDatabase();
    return {
      kind,
      location: { databaseUrl: database.url },
      // dataDir is unused with a database URL; it must still be a path.
      config: { databaseUrl: database.url, dataDir: path.join(os.tmpdir(), 'rasi-unused') },
      remove: database.drop,
    };
  }
  const temp = await createTempDir('rasi-store-');
  return { kind, location: { dataDir: temp.dir }, config: { databaseUrl: undefined, dataDir: temp.dir }, remove: temp.remove };
}

/** Opens the store directly (running migrations if needed): for reading what an endpoint really committed. */
export function openStoreAt(location: StoreLocation): Promise<ReportStore> {
  return openReportStore(location, { poolSize: 2 });
}

/** Every stored report's id and reference, read straight from the database. */
export async function listStoredReports(location: StoreLocation): Promise<{ id: string; reference: string; receivedAt: string }[]> {
  const store = await openStoreAt(location);
  try {
    return await store.listReports();
  } finally {
    await store.close();
  }
}

export async function countStoredReports(location: StoreLocation): Promise<number> {
  const store = await openStoreAt(location);
  try {
    return await store.countReports();
  } finally {
    await store.close();
  }
}

// ------------------------------------------------------------------------------------------- endpoints

/** A free TCP port on 127.0.0.1 (asked of the OS, then released: kept across restarts by the caller). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface EndpointOptions {
  /** Default 'sqlite'. Ignored when `databaseUrl` or `dataDir` is given. */
  store?: StoreKind;
  /** Use this PostgreSQL database (several endpoints may share it); it is not dropped by `close()`. */
  databaseUrl?: string;
  /** Use this SQLite directory; it is not removed by `close()`. */
  dataDir?: string;
  /** The built PWA to serve, e.g. DIST_DIR; default none (API only, and / answers 503). */
  staticDir?: string;
  /** Default: a free port, kept by `restart()`. */
  port?: number;
  /** Extra environment (LOG_LEVEL, BODY_LIMIT, RATE_LIMIT_MAX (default 0 here)...). */
  env?: Record<string, string>;
  /** Echo the child's output to this process's stderr (debugging). */
  echoOutput?: boolean;
  /** How long to wait for /healthz to answer 200. Default 30 s. */
  startTimeoutMs?: number;
  /** Run the build as `npm start` does (its node flags, `dist-server/`) instead of the sources through tsx: for benchmarks. */
  built?: boolean;
}

export interface RunningEndpoint {
  /** http://127.0.0.1:port, stable across restarts. */
  readonly url: string;
  readonly port: number;
  /** The store it runs on, for `listStoredReports` / `countStoredReports`. */
  readonly location: StoreLocation;
  /** The pid of the current process (undefined when stopped). */
  pid(): number | undefined;
  /** Whether the current process is running. */
  running(): boolean;
  /** Everything the endpoint printed so far (stdout and stderr, all its processes, last 1 MB). */
  output(): string;
  /** Its stdout alone: the JSON log (last 1 MB). */
  stdout(): string;
  /** SIGTERM, then waits for the exit (graceful: requests in flight finish). Resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL, then waits for the exit. The store is left as the crash left it. */
  kill(): Promise<void>;
  /** Starts again on the same port and store (stopping the current process first if it runs). */
  restart(): Promise<void>;
  /** A session for `user` (a fresh reporter by default), made in its store: the Cookie header. */
  session(user?: SessionUser, options?: SessionOptions): Promise<string>;
  /** Stops the process if it runs, and removes the temp store this helper created (not one passed in). */
  close(): Promise<void>;
}

/**
 * Starts the real endpoint from its source (`node --import tsx src/server/main.ts`, as `npm run dev:server`
 * does; `npm start` runs the same entry point built) as a child process on 127.0.0.1 and waits until /healthz
 * answers. node runs the server itself (no wrapper process), so `kill()` really SIGKILLs the endpoint.
 */
export async function startEndpoint(options: EndpointOptions = {}): Promise<RunningEndpoint> {
  let owned: TestStore | undefined;
  let location: StoreLocation;
  if (options.databaseUrl) location = { databaseUrl: options.databaseUrl };
  else if (options.dataDir) location = { dataDir: options.dataDir };
  else {
    owned = await createTestStore(options.store ?? 'sqlite');
    location = owned.location;
  }
  const port = options.port ?? (await freePort());
  // The development sign-in provider's port, kept across restarts (PORT+1 could be anyone's).
  const devOidcPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !CONFIG_KEYS.includes(key)) env[key] = value;
  }
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: String(port),
    STATIC_DIR: options.staticDir ?? path.join(os.tmpdir(), 'rasi-no-static-build'),
    LOG_LEVEL: 'warn',
    // Every client here is 127.0.0.1, which the limits per client do not exempt: tests that want them set them.
    RATE_LIMIT_MAX: '0',
    RATE_LIMIT_PERSON_MAX: '0',
    MAX_CONNECTIONS_PER_ADDRESS: '0',
    DEV_OIDC_PORT: String(devOidcPort),
    ...('databaseUrl' in location ? { DATABASE_URL: location.databaseUrl } : { DATA_DIR: location.dataDir }),
    ...options.env,
  });

  let child: ChildProcess | undefined;
  let exited: Promise<number | null> = Promise.resolve(null);
  let log = '';
  let stdout = '';
  const append = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-1_000_000);
    if (options.echoOutput) process.stderr.write(chunk);
  };

  const launch = async () => {
    const proc = spawn(process.execPath, options.built ? startScriptArgs() : ['--import', 'tsx', path.join('src', 'server', 'main.ts')], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    proc.stdout!.on('data', (chunk: Buffer) => {
      stdout = (stdout + chunk.toString('utf8')).slice(-1_000_000);
      append(chunk);
    });
    proc.stderr!.on('data', append);
    exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
    const alive = () => proc.exitCode === null && proc.signalCode === null;
    try {
      await waitForHealthy(url, options.startTimeoutMs ?? 30_000, alive);
    } catch (error) {
      if (alive()) throw error;
      await exited;
      throw new Error(`The endpoint exited (code ${proc.exitCode}, signal ${proc.signalCode}) before it was ready:\n${log.slice(-4000)}`);
    }
  };
  const running = () => !!child && child.exitCode === null && child.signalCode === null;
  const signalAndWait = async (signal: NodeJS.Signals) => {
    if (!running()) return child?.exitCode ?? null;
    child!.kill(signal);
    return exited;
  };

  try {
    await launch();
  } catch (error) {
    await signalAndWait('SIGKILL');
    await owned?.remove();
    throw error;
  }

  return {
    url,
    port,
    location,
    pid: () => (running() ? child?.pid : undefined),
    running,
    output: () => log,
    stdout: () => stdout,
    stop: () => signalAndWait('SIGTERM'),
    kill: async () => {
      await signalAndWait('SIGKILL');
    },
    restart: async () => {
      await signalAndWait('SIGTERM');
      await launch();
    },
    session: (user, sessionOptions) => createSession(location, user, sessionOptions),
    close: async () => {
      await signalAndWait('SIGTERM');
      await owned?.remove();
    },
  };
}

const CONFIG_KEYS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATA_DIR',
  'STATIC_DIR',
  'BODY_LIMIT',
  'LOG_LEVEL',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_PERSON_MAX',
  'RATE_LIMIT_EXEMPT_LOOPBACK',
  'TRUST_PROXY',
  'SEAL_KEY_DIR',
  'SEAL_JWKS_FILE',
  'HEADERS_TIMEOUT_MS',
  'REQUEST_TIMEOUT_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'MAX_CONNECTIONS',
  'MAX_CONNECTIONS_PER_ADDRESS',
  'PUBLIC_URL',
  'OIDC_ISSUER',
  'OIDC_CLIENT_ID',
  'OIDC_CLIENT_SECRET',
  'OIDC_SCOPES',
  'OIDC_GROUPS_CLAIM',
  'ROLE_GROUPS_INCIDENT_MANAGER',
  'ROLE_GROUPS_DPO',
  'ROLE_GROUPS_READ_ONLY',
  'SESSION_IDLE_HOURS',
  'SESSION_MAX_HOURS',
  'DEV_OIDC_PORT',
  'NODE_ENV',
];

export async function waitForHealthy(url: string, timeoutMs = 30_000, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!alive()) throw new Error(`The endpoint at ${url} stopped while starting`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The endpoint at ${url} did not become healthy within ${timeoutMs} ms (${last})`);
}

export interface InProcessEndpoint {
  url: string;
  app: FastifyInstance;
  store: TestStore;
  /** A session for `user` (a fresh reporter by default), made in its store: the Cookie header. */
  session(user?: SessionUser, options?: SessionOptions): Promise<string>;
  /** Closes the app (and its store connection), then removes the store unless `keepStore`. */
  close(options?: { keepStore?: boolean }): Promise<void>;
}

/**
 * `buildApp` listening on 127.0.0.1 on a free port, in this process: fast, for API tests over real HTTP.
 * Pass `store` to reuse one (it is then not removed by `close()` unless created here).
 */
export async function startInProcessEndpoint(
  options: { store?: TestStore | StoreKind; config?: Partial<ServerConfig>; onRoute?: AppOptions['onRoute'] } = {},
): Promise<InProcessEndpoint> {
  const created = typeof options.store === 'object' ? undefined : await createTestStore(options.store ?? 'sqlite');
  const store = typeof options.store === 'object' ? options.store : created!;
  const app = await buildApp({
    config: {
      staticDir: path.join(os.tmpdir(), 'rasi-no-static-build'),
      logLevel: 'silent',
      rateLimitMax: 0,
      rateLimitPersonMax: 0,
      maxConnectionsPerAddress: 0,
      devOidcPort: 0,
      ...store.config,
      ...options.config,
    },
    ...(options.onRoute ? { onRoute: options.onRoute } : {}),
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await app.close();
    throw error;
  }
  const { port } = app.server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    store,
    session: (user, sessionOptions) => createSessionIn(app.store, user, sessionOptions),
    close: async ({ keepStore = false } = {}) => {
      await app.close();
      if (created && !keepStore) await created.remove();
    },
  };
}

// ------------------------------------------------------------------------------------------ requests

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A request as someone signed in: `cookie` is the Cookie header (from `session()`); without it, nobody. */
export type SignedInRequest = RequestInit & { cookie?: string };

function withCookie({ cookie, ...init }: SignedInRequest, defaults: Record<string, string> = {}): RequestInit {
  const headers = new Headers(defaults);
  for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
  if (cookie) headers.set('cookie', cookie);
  return { ...init, headers };
}

/** POSTs a report (an object is sent as JSON; a string as is) to the endpoint's intake. */
export function postReport(baseUrl: string, report: unknown, init: SignedInRequest = {}): Promise<JsonResponse> {
  return postJson(`${baseUrl}${API_REPORTS}`, report, init);
}

async function postJson(url: string, body: unknown, init: SignedInRequest): Promise<JsonResponse> {
  const response = await fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...withCookie(init, { 'content-type': 'application/json' }),
  });
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

/** POST /api/reports/batch with `{reports}` (each report as postReport would send it alone). */
export function postReports(baseUrl: string, reports: unknown[], init: SignedInRequest = {}): Promise<JsonResponse> {
  return postJson(`${baseUrl}${API_REPORT_BATCH}`, { reports }, init);
}

export async function getReportStatus(baseUrl: string, id: string, init: SignedInRequest = {}): Promise<JsonResponse> {
  const response = await fetch(`${baseUrl}${reportStatusUrl(id)}`, withCookie(init));
  return { status: response.status, headers: response.headers, body: await readBody(response) };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
