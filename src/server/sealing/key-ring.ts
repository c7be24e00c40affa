// The endpoint's sealing keys: a directory of private JWKs, one file per key (0600 in a 0700 folder), created
// with a first key when empty, at the endpoint's first start or the app's first build. The newest key is the
// one devices seal to; older ones stay so that reports sealed before a rotation still open. Several endpoints
// sharing a store share the directory (SEAL_KEY_DIR); a kid this process has not seen makes it read the
// directory again, so a key another process added is found.
import { createPrivateKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { SEAL_ALG, SEAL_CURVE, type SealingJwks } from '../../shared/sealing.ts';
import { JweRefused, jweKeyId, openJwe } from './open-jwe.ts';

interface KeyFile {
  createdAt: string;
  jwk: JWK & { kid: string };
}

const SUFFIX = '.jwk.json';

function readKeyFiles(dir: string): KeyFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(SUFFIX))
    .map((name) => JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as KeyFile)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.jwk.kid.localeCompare(a.jwk.kid));
}

/** Adds a new key (the one devices will seal to from now on) and returns its kid. */
export async function addSealingKey(dir: string, now = new Date()): Promise<string> {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const { privateKey } = await generateKeyPair(SEAL_ALG, { crv: SEAL_CURVE, extractable: true });
  const jwk = await exportJWK(privateKey);
  // Date first so that a listing sorts by age; the thumbprint makes it unique and checkable.
  const kid = `${now.toISOString().slice(0, 10)}-${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`;
  const file: KeyFile = { createdAt: now.toISOString(), jwk: { ...jwk, kid, alg: SEAL_ALG, use: 'enc' } };
  // 'wx': never overwrite a key; mode 0600: only the endpoint's user reads it.
  fs.writeFileSync(path.join(dir, `${kid}${SUFFIX}`), `${JSON.stringify(file, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
  return kid;
}

/** The directory's keys, creating the first one if there is none. */
export async function ensureSealingKeys(dir: string): Promise<void> {
  if (readKeyFiles(dir).length === 0) await addSealingKey(dir);
}

function publicPart({ jwk }: KeyFile) {
  const { kty, crv, x, y, kid } = jwk as { kty: 'EC'; crv: typeof SEAL_CURVE; x: string; y: string; kid: string };
  return { kty, crv, x, y, kid, alg: SEAL_ALG, use: 'enc' as const };
}

/** The public JWKS of the directory's keys, current key first. */
export function publicJwks(dir: string): SealingJwks {
  return { keys: readKeyFiles(dir).map(publicPart) };
}

export class UnsealError extends Error {
  override readonly name = 'UnsealError';
}

export interface KeyRing {
  jwks(): SealingJwks;
  /** The plaintext of a compact JWE sealed to one of the ring's keys; UnsealError otherwise. */
  open(jwe: string): Promise<Uint8Array>;
}

export async function openKeyRing(dir: string): Promise<KeyRing> {
  await ensureSealingKeys(dir);
  let files = readKeyFiles(dir);
  const imported = new Map<string, KeyObject>();
  const keyFor = (kid: string) => {
    let file = files.find((f) => f.jwk.kid === kid);
    if (!file) {
      files = readKeyFiles(dir);
      file = files.find((f) => f.jwk.kid === kid);
    }
    if (!file) return undefined;
    if (!imported.has(kid)) imported.set(kid, createPrivateKey({ key: file.jwk as JsonWebKey, format: 'jwk' }));
    return imported.get(kid);
  };
  return {
    jwks: () => ({ keys: files.map(publicPart) }),
    async open(jwe) {
      let kid: string | undefined;
      try {
        // Only the one form devices seal in: any other header is refused before a key is looked up.
        kid = jweKeyId(jwe);
      } catch {
        throw new UnsealError('it is not a report sealed to this endpoint');
      }
      const key = kid ? keyFor(kid) : undefined;
      if (!key) throw new UnsealError('it was sealed to a key this endpoint does not hold');
      try {
        return openJwe(jwe, key);
      } catch (error) {
        // Anything else is this endpoint's own fault (a key that is not one), not the report's: a 500, not a 400.
        if (!(error instanceof JweRefused)) throw error;
        throw new UnsealError('it is not a report sealed to this endpoint');
      }
    },
  };
}
