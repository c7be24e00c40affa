// Sealing a report to the endpoint on the device (JWE, src/shared/sealing.ts), so that what waits in the
// outbox can be read only by the endpoint. jose is imported here only, and the page imports this module only
// dynamically (at "Send report", or to seal an old outbox), so jose never loads with the start page. A static
// import: the service worker bundle must have no import() (a classic worker cannot evaluate import.meta).
// No DOM: page, worker and Node.
import { CompactEncrypt, importJWK } from 'jose';
import type { SealedBody } from '../db/database.ts';
import type { Report } from '../shared/report.ts';
import { BUILT_IN_JWKS_FILE, JWKS_PATH, jwksSchema, MAX_REPORT_BYTES, SEAL_ALG, SEAL_ENC, type SealingJwks } from '../shared/sealing.ts';

export class ReportTooLargeError extends Error {
  override readonly name = 'ReportTooLargeError';
  constructor(readonly bytes: number) {
    super(`The report is too long to send (${Math.ceil(bytes / 1024)} KB, at most ${MAX_REPORT_BYTES / 1024} KB): shorten the longest answers`);
  }
}

export class NoSealingKeyError extends Error {
  override readonly name = 'NoSealingKeyError';
  constructor() {
    super('The incident team’s key is not on this device yet: open the app once while online, then send again');
  }
}

export interface SealOptions {
  /** Origin of the endpoint; '' means the page's or worker's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Keys to seal to (tests); by default they are looked up as `loadJwks` says. */
  jwks?: SealingJwks;
}

const JWKS_TIMEOUT_MS = 5_000;

async function fetchJwks(url: string, doFetch: typeof fetch): Promise<SealingJwks | undefined> {
  try {
    const response = await doFetch(url, { credentials: 'same-origin', signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (!response.ok) return undefined;
    const parsed = jwksSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    // Offline, a timeout, or a captive portal's HTML: the next source.
    return undefined;
  }
}

/**
 * The endpoint's keys: as it publishes them now (in the app, the service worker answers this from the copy
 * it cached at install when the network is gone), else the copy built into the precached app, which a
 * device installed and then cut off still has.
 */
export async function loadJwks(options: SealOptions = {}): Promise<SealingJwks> {
  if (options.jwks) return options.jwks;
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl ?? '';
  const jwks = (await fetchJwks(`${base}${JWKS_PATH}`, doFetch)) ?? (await fetchJwks(`${base}/${BUILT_IN_JWKS_FILE}`, doFetch));
  if (!jwks) throw new NoSealingKeyError();
  return jwks;
}

/** Checks the size first (the endpoint refuses larger), then seals to the endpoint's current key. */
export async function sealReport(report: Report, jwks: SealingJwks): Promise<SealedBody> {
  const plaintext = new TextEncoder().encode(JSON.stringify(report));
  if (plaintext.byteLength > MAX_REPORT_BYTES) throw new ReportTooLargeError(plaintext.byteLength);
  return sealBytes(plaintext, jwks);
}

/** Seals any JSON value (a reporter's reply) as a report is; the caller checks its size. */
export function sealJson(value: unknown, jwks: SealingJwks): Promise<SealedBody> {
  return sealBytes(new TextEncoder().encode(JSON.stringify(value)), jwks);
}

async function sealBytes(plaintext: Uint8Array, jwks: SealingJwks): Promise<SealedBody> {
  const key = jwks.keys[0]!;
  const jwe = await new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: SEAL_ALG, enc: SEAL_ENC, kid: key.kid })
    .encrypt(await importJWK(key, SEAL_ALG));
  return { format: 'jwe', jwe };
}
