// The endpoint's settings, read from the environment once at start. A bad value stops the process with a
// message naming the variable, rather than a confusing failure on the first request.
import path from 'node:path';
import * as z from 'zod';

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

const envSchema = z.object({
  PORT: integer('PORT', 0, 65535).default(8080),
  HOST: z.string().trim().min(1, 'HOST must not be empty').default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'DATABASE_URL must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().trim().min(1, 'DATA_DIR must not be empty').default('data'),
  // The endpoint's sealing keys (private JWKs, 0600): default DATA_DIR/sealing-keys. Endpoints sharing a
  // PostgreSQL store must share this directory too (and `npm run build` must see it: the app carries the key).
  SEAL_KEY_DIR: z.string().trim().min(1, 'SEAL_KEY_DIR must not be empty').optional(),
  STATIC_DIR: z.string().trim().min(1, 'STATIC_DIR must not be empty').default('dist'),
  BODY_LIMIT: integer('BODY_LIMIT', 1024, 16 * 1024 * 1024).default(256 * 1024),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  // Requests per minute per client address on /api; 0 turns the limit off.
  RATE_LIMIT_MAX: integer('RATE_LIMIT_MAX', 0, 1_000_000).default(300),
  // Loopback is exempt by default so that load tests and a reverse proxy on the same host are not throttled
  // (behind such a proxy, set TRUST_PROXY so that the limit applies to the real client address).
  RATE_LIMIT_EXEMPT_LOOPBACK: flag('RATE_LIMIT_EXEMPT_LOOPBACK').default(true),
  TRUST_PROXY: flag('TRUST_PROXY').default(false),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise the embedded SQLite store in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** The directory of the endpoint's sealing keys (src/server/sealing/key-ring.ts). */
  sealKeyDir: string;
  staticDir: string;
  bodyLimit: number;
  logLevel: LogLevel;
  rateLimitMax: number;
  rateLimitExemptLoopback: boolean;
  trustProxy: boolean;
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
  return {
    ok: true,
    config: {
      port: e.PORT,
      host: e.HOST,
      databaseUrl: e.DATABASE_URL,
      dataDir: path.resolve(e.DATA_DIR),
      sealKeyDir: path.resolve(e.SEAL_KEY_DIR ?? path.join(e.DATA_DIR, 'sealing-keys')),
      staticDir: path.resolve(e.STATIC_DIR),
      bodyLimit: e.BODY_LIMIT,
      logLevel: e.LOG_LEVEL,
      rateLimitMax: e.RATE_LIMIT_MAX,
      rateLimitExemptLoopback: e.RATE_LIMIT_EXEMPT_LOOPBACK,
      trustProxy: e.TRUST_PROXY,
    },
  };
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
