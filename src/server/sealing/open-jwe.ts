// Opens a compact JWE sealed with ECDH-ES+A256KW and A256GCM on P-256 (RFC 7516, RFC 7518 §4.6, §4.4, §5.3),
// the one form devices seal reports in (src/shared/sealing.ts), with node:crypto, synchronously. jose opens the
// same through WebCrypto, whose every step is a promise and a trip to the thread pool: about four times the
// CPU per report, which the endpoint pays for every report a device sends (issue 11, the drain benchmark).
// Anything but that one form is refused before a key is touched; test/server/open-jwe.test.ts checks it
// against jose, for what jose seals and what it refuses.
import { createDecipheriv, createECDH, createHash, type ECDH, type KeyObject } from 'node:crypto';
import { SEAL_ALG, SEAL_CURVE, SEAL_ENC } from '../../shared/sealing.ts';

export class JweRefused extends Error {
  override readonly name = 'JweRefused';
}

/** The header parameters this form may carry; any other (crit, zip, jku...) is refused. */
const KNOWN_HEADER = new Set(['alg', 'enc', 'kid', 'epk', 'apu', 'apv', 'typ', 'cty']);
const BASE64URL = /^[A-Za-z0-9_-]*$/;
// RFC 3394's initial value, checked by the unwrap.
const KEY_WRAP_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex');
const CEK_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// A P-256 (SEAL_CURVE) public key as a point: 0x04, then x and y of 32 bytes each (SEC 1 §2.3.3, uncompressed).
const UNCOMPRESSED_POINT = Buffer.from([4]);
const COORDINATE_BYTES = 32;
// SEAL_CURVE as OpenSSL names it.
const NODE_CURVE = 'prime256v1';

function decode(part: string, what: string): Buffer {
  if (!BASE64URL.test(part)) throw new JweRefused(`the ${what} is not base64url`);
  return Buffer.from(part, 'base64url');
}

/** The `kid` of a compact JWE's protected header, to find the key with (undefined when it names none); throws JweRefused for any other form. */
export function jweKeyId(jwe: string): string | undefined {
  return protectedHeader(jwe.split('.')[0] ?? '').kid;
}

interface Header {
  kid?: string;
  epk: { kty: string; crv: string; x: string; y: string };
  apu?: string;
  apv?: string;
}

function protectedHeader(part: string): Header {
  let header: unknown;
  try {
    header = JSON.parse(decode(part, 'header').toString('utf8'));
  } catch (error) {
    if (error instanceof JweRefused) throw error;
    throw new JweRefused('the header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new JweRefused('the header is not an object');
  const h = header as Record<string, unknown>;
  for (const name of Object.keys(h)) if (!KNOWN_HEADER.has(name)) throw new JweRefused(`the header parameter "${name}" is not supported`);
  if (h.alg !== SEAL_ALG || h.enc !== SEAL_ENC) throw new JweRefused(`only ${SEAL_ALG} with ${SEAL_ENC} is accepted`);
  if (h.kid !== undefined && typeof h.kid !== 'string') throw new JweRefused('the kid is not text');
  for (const name of ['apu', 'apv'] as const) if (h[name] !== undefined && typeof h[name] !== 'string') throw new JweRefused(`${name} is not text`);
  const epk = h.epk as Record<string, unknown> | undefined;
  if (
    typeof epk !== 'object' || epk === null || epk.kty !== 'EC' || epk.crv !== SEAL_CURVE ||
    typeof epk.x !== 'string' || typeof epk.y !== 'string' || 'd' in epk
  ) {
    throw new JweRefused(`the ephemeral key is not a public ${SEAL_CURVE} key`);
  }
  return h as unknown as Header;
}

const lengthPrefixed = (bytes: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return [length, bytes];
};

/** The key-encryption key: Concat KDF (NIST SP 800-56A, RFC 7518 §4.6.2) over the shared secret, one SHA-256 round. */
function keyEncryptionKey(sharedSecret: Buffer, header: Header): Buffer {
  const round = Buffer.from([0, 0, 0, 1]);
  const keyBits = Buffer.from([0, 0, 1, 0]); // 256
  return createHash('sha256')
    .update(Buffer.concat([
      round,
      sharedSecret,
      ...lengthPrefixed(Buffer.from(SEAL_ALG, 'ascii')),
      ...lengthPrefixed(header.apu ? decode(header.apu, 'apu') : Buffer.alloc(0)),
      ...lengthPrefixed(header.apv ? decode(header.apv, 'apv') : Buffer.alloc(0)),
      keyBits,
    ]))
    .digest();
}

// One ECDH object per private key, made at its first report: agreeing with the raw point the header gives costs
// half of importing that point as a key and calling diffieHellman (122 against 238 µs here), and a device seals
// every report with a key of its own, so this is paid per report.
const agreements = new WeakMap<KeyObject, ECDH>();

function agreementOf(privateKey: KeyObject): ECDH {
  let agreement = agreements.get(privateKey);
  if (!agreement) {
    const { d } = privateKey.export({ format: 'jwk' });
    if (!d) throw new Error(`the sealing key is not a private ${SEAL_CURVE} key`);
    agreement = createECDH(NODE_CURVE);
    agreement.setPrivateKey(Buffer.from(d, 'base64url'));
    agreements.set(privateKey, agreement);
  }
  return agreement;
}

/**
 * The plaintext of `jwe`, opened with `privateKey` (found by its kid, `jweKeyId`). Throws JweRefused for any
 * other form, or when the key, the wrapped key or the tag does not check out.
 */
export function openJwe(jwe: string, privateKey: KeyObject): Buffer {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw new JweRefused('a compact JWE has five parts');
  const [encodedHeader, encodedKey, encodedIv, encodedCiphertext, encodedTag] = parts as [string, string, string, string, string];
  const header = protectedHeader(encodedHeader);
  const wrappedKey = decode(encodedKey, 'encrypted key');
  const iv = decode(encodedIv, 'iv');
  const tag = decode(encodedTag, 'tag');
  if (wrappedKey.length !== CEK_BYTES + 8 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new JweRefused('a part has the wrong length');
  // Outside the try: a sealing key that is not one is the endpoint's fault, not the report's.
  const agreement = agreementOf(privateKey);
  try {
    const x = decode(header.epk.x, 'ephemeral key');
    const y = decode(header.epk.y, 'ephemeral key');
    if (x.length !== COORDINATE_BYTES || y.length !== COORDINATE_BYTES) throw new JweRefused(`the ephemeral key is not a ${SEAL_CURVE} point`);
    // computeSecret refuses a point that is not on the curve (P-256's cofactor is 1: no small subgroup to check).
    const kek = keyEncryptionKey(agreement.computeSecret(Buffer.concat([UNCOMPRESSED_POINT, x, y])), header);
    const unwrap = createDecipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
    const cek = Buffer.concat([unwrap.update(wrappedKey), unwrap.final()]);
    const decipher = createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(encodedHeader, 'ascii'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(decode(encodedCiphertext, 'ciphertext')), decipher.final()]);
  } catch (error) {
    if (error instanceof JweRefused) throw error;
    throw new JweRefused('it does not open with this key');
  }
}
