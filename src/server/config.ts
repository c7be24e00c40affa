// The endpoint's settings, read from the environment once at start. A bad value stops the process with a
// message naming the variable, rather than a confusing failure on the first request.
import net from 'node:net';
import path from 'node:path';
import * as z from 'zod';
import type { Role } from '../shared/auth.ts';
import { SSL_MODE_HELP, sslModeOf } from './storage/postgres-tls.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const flag = (name: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), `${name} must be true or false`)
    .transform((v) => ['true', '1', 'yes'].includes(v));

/** The proxies whose X-Forwarded-For is believed, by address or CIDR range; false: none. */
export type TrustProxy = false | string[];

const TRUST_PROXY_HELP =
  'TRUST_PROXY must be false or the addresses (or CIDR ranges) of the proxies in front of the endpoint, separated by commas, e.g. 127.0.0.1 or 10.0.0.5,10.1.0.0/16';

// Never every sender (`true`), nor a hop count: either lets a client that reaches the endpoint directly choose
// its own address with X-Forwarded-For, and so pass as any number of clients (Fastify 5.12 ignores hop counts
// for this reason). Named proxies are believed, and only they.
const trustProxy = z
  .string()
  .trim()
  .transform((value, ctx): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false' || value === '0') return false;
    if (lower === 'true' || /^\d+$/.test(value)) {
      ctx.addIssue({ code: 'custom', message: `TRUST_PROXY=${value} is refused: it would let any client choose its own address. ${TRUST_PROXY_HELP}` });
      return z.NEVER;
    }
    const addresses = value.split(',').map((a) => a.trim());
    if (addresses.every(isAddressOrRange)) return addresses;
    ctx.addIssue({ code: 'custom', message: TRUST_PROXY_HELP });
    return z.NEVER;
  });

function hasAcceptedSslMode(url: string): boolean {
  try {
    sslModeOf(url);
    return true;
  } catch {
    return false;
  }
}

function isAddressOrRange(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

const envSchema = z.object({
  PORT: integer('PORT', 0, 65535).default(8080),
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .refine(hasAcceptedSslMode, `In DATABASE_URL, ${SSL_MODE_HELP}`)
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').default('data'),
  STATIC_DIR: z.string().trim().min(1, 'STATIC_DIR must not be empty').default('dist'),
  BODY_LIMIT: integer('BODY_LIMIT', 1024, 16 * 1024 * 1024).default(256 * 1024),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Requests per minute on /api per client address, and per signed-in person; 0 turns that limit off. There
  // is no exemption for loopback: behind a proxy on the same host every client would be loopback. Tests and
  // benchmarks that need no limit set RATE_LIMIT_MAX=0.
  RATE_LIMIT_MAX: integer('RATE_LIMIT_MAX', 0, 1_000_000).default(300),
  RATE_LIMIT_PERSON_MAX: integer('RATE_LIMIT_PERSON_MAX', 0, 1_000_000).default(60),
  RATE_LIMIT_EXEMPT_LOOPBACK: z.never({ error: 'RATE_LIMIT_EXEMPT_LOOPBACK is no longer supported: loopback is limited like any client; set RATE_LIMIT_MAX=0 to turn the limit off' }).optional(),
  // Who may set X-Forwarded-For: the addresses of the proxies in front of the endpoint.
  TRUST_PROXY: trustProxy.default(false),
  // Slow clients: the whole request (headers and body) must arrive within REQUEST_TIMEOUT_MS, its headers
  // within HEADERS_TIMEOUT_MS; an idle keep-alive connection is closed after KEEP_ALIVE_TIMEOUT_MS (behind a
  // proxy that reuses connections, set it above the proxy's own idle timeout).
  HEADERS_TIMEOUT_MS: integer('HEADERS_TIMEOUT_MS', 500, 120_000).default(10_000),
  REQUEST_TIMEOUT_MS: integer('REQUEST_TIMEOUT_MS', 500, 600_000).default(30_000),
  KEEP_ALIVE_TIMEOUT_MS: integer('KEEP_ALIVE_TIMEOUT_MS', 100, 600_000).default(5_000),
  // Open connections in all, and from one client address (0: no per-address limit). Keep MAX_CONNECTIONS
  // below the process's file limit (ulimit -n). The per-address limit does not apply to trusted proxies.
  MAX_CONNECTIONS: integer('MAX_CONNECTIONS', 1, 1_000_000).default(5_000),
  MAX_CONNECTIONS_PER_ADDRESS: integer('MAX_CONNECTIONS_PER_ADDRESS', 0, 1_000_000).default(64),

  // Sign-in (OpenID Connect). The address browsers use: its scheme decides whether cookies are Secure, and
  // the identity provider sends people back to PUBLIC_URL/auth/callback. Default: http://HOST:PORT.
  PUBLIC_URL: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https?$/, error: 'PUBLIC_URL must be an http:// or https:// address' }))
    .refine((v) => ['', '/'].includes(new URL(v).pathname) && !new URL(v).search, 'PUBLIC_URL must be an origin with no path, e.g. https://report.example.gov.uk')
    .transform((v) => new URL(v).origin)
    .optional(),
  // The department's identity provider. All three, or none (then the development provider runs).
  OIDC_ISSUER: z
    .string()
    .trim()
    .pipe(z.url({ protocol: /^https$/, error: 'OIDC_ISSUER must be an https:// address (plain http is allowed only for the built-in development provider)' }))
    .optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).max(500).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).max(2000).optional(),
  OIDC_SCOPES: z
    .string()
    .trim()
    .refine((v) => v.split(/\s+/).includes('openid'), 'OIDC_SCOPES must include openid')
    .default('openid profile email'),
  // The claim (in the ID token or from the userinfo endpoint) that lists the person's groups.
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  // Comma-separated provider groups whose members get each role (every signed-in person is a reporter).
  ROLE_GROUPS_INCIDENT_MANAGER: z.string().default('incident-managers'),
  ROLE_GROUPS_DPO: z.string().default('data-protection-officers'),
  ROLE_GROUPS_READ_ONLY: z.string().default('incident-readers'),
  // A session ends after this long unused, and in any case this long after signing in. Long by default: a
  // report written offline on Monday is sent on Friday without asking again.
  SESSION_IDLE_HOURS: integer('SESSION_IDLE_HOURS', 1, 24 * 366).default(7 * 24),
  SESSION_MAX_HOURS: integer('SESSION_MAX_HOURS', 1, 24 * 366).default(30 * 24),
  // The development provider's port (only when no OIDC_ISSUER): default PORT+1, or any free port when PORT is 0.
  DEV_OIDC_PORT: integer('DEV_OIDC_PORT', 0, 65535).optional(),
  NODE_ENV: z.string().trim().optional(),
  // The data controller on the regulator's breach form (ICO "About you"); the department's values by default.
  ORGANISATION_NAME: z.string().trim().min(1).max(200).default('Ministry of Justice'),
  ORGANISATION_ADDRESS: z.string().trim().min(1).max(500).default('102 Petty France, London SW1H 9AJ'),
  DPO_NAME: z.string().trim().min(1).max(200).default('Amie Alekna'),
  DPO_EMAIL: z.string().trim().email('DPO_EMAIL must be an email address').max(254).default('amie.alekna@justice.gov.uk'),
  DPO_PHONE: z.string().trim().max(30).default(''),
  // Closed cases are disposed of this many years after closure (the department's retention schedule: 2).
  RETENTION_YEARS: integer('RETENTION_YEARS', 1, 100).default(2),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise the embedded SQLite store in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  staticDir: string;
  bodyLimit: number;
  logLevel: LogLevel;
  /** Requests per minute on /api per client address (0: no limit). */
  rateLimitMax: number;
  /** Requests per minute on /api per signed-in person (0: no limit). */
  rateLimitPersonMax: number;
  trustProxy: TrustProxy;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  maxConnections: number;
  /** 0: no per-address limit. */
  maxConnectionsPerAddress: number;
  /** The origin browsers use (https makes cookies Secure); undefined: http://host:port of the listener. */
  publicUrl: string | undefined;
  /** The department's identity provider; undefined runs the development provider (loopback only, never in production). */
  oidc: { issuer: string; clientId: string; clientSecret: string } | undefined;
  oidcScopes: string;
  groupsClaim: string;
  /** Provider groups that give each role beyond reporter. */
  roleGroups: Record<Exclude<Role, 'reporter'>, string[]>;
  sessionIdleMs: number;
  sessionMaxMs: number;
  /** The development provider's port; 0 lets the system choose. */
  devOidcPort: number;
  /** NODE_ENV=production: the development provider refuses to run. */
  production: boolean;
  /** The data controller and its data protection officer, as the regulator's form names them. */
  organisation: { name: string; address: string; dpo: { name: string; email: string; phone: string } };
  /** Years after closure before a closed case is disposed of. */
  retentionYears: number;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; errors: string[] };

/** Parses the environment; the errors name each bad variable. Empty strings count as unset. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = envSchema.safeParse(known);
  if (!result.success) {
    return { ok: false, errors: result.error.issues.map((issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`) };
  }
  const e = result.data;
  // Node refuses a headers timeout longer than the request timeout.
  if (e.HEADERS_TIMEOUT_MS > e.REQUEST_TIMEOUT_MS) {
    return { ok: false, errors: [`HEADERS_TIMEOUT_MS: HEADERS_TIMEOUT_MS must not be longer than REQUEST_TIMEOUT_MS (${e.REQUEST_TIMEOUT_MS})`] };
  }
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    return { ok: false, errors: ['OIDC_ISSUER: set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together, or none of them (the development provider)'] };
  }
  const oidc = e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET } : undefined;
  if (oidc && !e.PUBLIC_URL && !isLoopbackHost(e.HOST)) {
    return { ok: false, errors: ['PUBLIC_URL: set the address browsers use to reach this endpoint (the identity provider sends them back to PUBLIC_URL/auth/callback)'] };
  }
  const production = e.NODE_ENV === 'production';
  const refusal = oidc ? undefined : devProviderRefusal({ host: e.HOST, production });
  if (refusal) return { ok: false, errors: [`OIDC_ISSUER: ${refusal}`] };
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL,
      dataDir: path.resolve(e.DATA_DIR),
      staticDir: path.resolve(e.STATIC_DIR),
      bodyLimit: e.BODY_LIMIT,
      logLevel: e.LOG_LEVEL,
      rateLimitMax: e.RATE_LIMIT_MAX,
      rateLimitPersonMax: e.RATE_LIMIT_PERSON_MAX,
      trustProxy: e.TRUST_PROXY,
      headersTimeoutMs: e.HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: e.MAX_CONNECTIONS,
      maxConnectionsPerAddress: e.MAX_CONNECTIONS_PER_ADDRESS,
      publicUrl: e.PUBLIC_URL,
      oidc,
      oidcScopes: e.OIDC_SCOPES,
      groupsClaim: e.OIDC_GROUPS_CLAIM,
      roleGroups: {
        'incident-manager': groupList(e.ROLE_GROUPS_INCIDENT_MANAGER),
        dpo: groupList(e.ROLE_GROUPS_DPO),
        'read-only': groupList(e.ROLE_GROUPS_READ_ONLY),
      },
      sessionIdleMs: e.SESSION_IDLE_HOURS * 3_600_000,
      sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
      devOidcPort: e.DEV_OIDC_PORT ?? (e.PORT === 0 ? 0 : e.PORT + 1),
      production,
      organisation: { name: e.ORGANISATION_NAME, address: e.ORGANISATION_ADDRESS, dpo: { name: e.DPO_NAME, email: e.DPO_EMAIL, phone: e.DPO_PHONE } },
      retentionYears: e.RETENTION_YEARS,
    },
  };
}

function groupList(value: string): string[] {
  return value
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean);
}

/** Whether a host name or address is this machine only. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  return bare === '::1' || bare.startsWith('::ffff:127.');
}

/**
 * Why the development provider (anyone signs in as a demo user, with any password) must not run here, or
 * undefined when it may: only on a loopback address and never in production.
 */
export function devProviderRefusal({ host, production }: { host: string; production: boolean }): string | undefined {
  const configure = 'set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET to use the identity provider';
  if (production) return `no identity provider is configured and NODE_ENV is production: ${configure}`;
  if (!isLoopbackHost(host)) return `no identity provider is configured and HOST (${host}) is not a loopback address, so the development provider will not run: ${configure}`;
  return undefined;
}

/** The settings an unset environment gives: what `buildApp` starts from in tests. */
export function defaultConfig(): ServerConfig {
  const result = parseConfig({});
  if (!result.ok) throw new Error(`Default configuration is invalid: ${result.errors.join('; ')}`);
  return result.config;
}

/** For the entry points: parse `process.env`, or print what is wrong and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): ServerConfig {
  const result = parseConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(`The endpoint cannot start: its configuration is invalid.\n${result.errors.map((e) => `  ${e}\n`).join('')}`);
  process.exit(1);
}
