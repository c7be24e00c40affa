// What the device and the endpoint agree on for sealed reports: the JWE algorithms, the address of the
// endpoint's public keys, and the JSON wrapper a sealed report travels in. No dependencies beyond zod/mini.
import * as z from 'zod/mini';

/**
 * ECDH-ES with AES key wrap, content in AES-GCM (RFC 7518), on P-256: what jose documents for ECDH-ES and
 * what WebCrypto supports in every browser the app targets (X25519 is newer in Safari and Chromium).
 */
export const SEAL_ALG = 'ECDH-ES+A256KW' as const;
export const SEAL_ENC = 'A256GCM' as const;
export const SEAL_CURVE = 'P-256' as const;

/** The endpoint's current public keys (public route), and the copy built into the precached app. */
export const JWKS_PATH = '/.well-known/jwks.json';
export const BUILT_IN_JWKS_FILE = 'endpoint-jwks.json';

/** Largest report (its JSON, in bytes) the device seals and the endpoint opens. */
export const MAX_REPORT_BYTES = 128 * 1024;

const publicJwk = z.object({
  kty: z.literal('EC'),
  crv: z.literal(SEAL_CURVE),
  x: z.string(),
  y: z.string(),
  kid: z.string().check(z.minLength(1), z.maxLength(100)),
  alg: z.optional(z.literal(SEAL_ALG)),
  use: z.optional(z.literal('enc')),
});
export type PublicSealingJwk = z.infer<typeof publicJwk>;

/** A JWKS as published: the current key first (the one to seal to), older ones after it. */
export const jwksSchema = z.object({ keys: z.array(publicJwk).check(z.minLength(1)) });
export type SealingJwks = z.infer<typeof jwksSchema>;

/**
 * A sealed report on the wire (POST /api/reports, application/json). The id is in clear so that the endpoint
 * can answer a replay and the device can match the receipt; the endpoint checks it against the sealed one.
 */
export const sealedReportSchema = z.strictObject({
  format: z.literal('jwe'),
  id: z.uuid(),
  jwe: z.string().check(z.maxLength(Math.ceil(MAX_REPORT_BYTES * 1.5) + 4096)),
});
export type SealedReport = z.infer<typeof sealedReportSchema>;
