// The endpoint's own opener of sealed reports (node:crypto) against jose, which devices seal with: it opens
// what jose seals, to the byte, and refuses what jose refuses under the endpoint's rules, and more.
import { createPrivateKey, type JsonWebKey } from 'node:crypto';
import { compactDecrypt, CompactEncrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { jweKeyId, JweRefused, openJwe } from '../../src/server/sealing/open-jwe.ts';
import { SEAL_ALG, SEAL_ENC } from '../../src/shared/sealing.ts';

let privateJwk: JWK;
let publicJwk: JWK;
const kid = 'test-key';
const privateKey = () => createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });

beforeAll(async () => {
  const pair = await generateKeyPair(SEAL_ALG, { crv: 'P-256', extractable: true });
  privateJwk = await exportJWK(pair.privateKey);
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid, alg: SEAL_ALG };
});

const seal = async (plaintext: Uint8Array, header: Record<string, unknown> = {}, alg: string = SEAL_ALG, enc: string = SEAL_ENC, parameters?: { apu?: Uint8Array; apv?: Uint8Array }) => {
  const encrypt = new CompactEncrypt(plaintext).setProtectedHeader({ alg, enc, kid, ...header });
  if (parameters) encrypt.setKeyManagementParameters(parameters);
  return encrypt.encrypt(await importJWK({ ...publicJwk, alg }, alg));
};
const joseOpens = async (jwe: string) => {
  try {
    return Buffer.from((await compactDecrypt(jwe, await importJWK(privateJwk, SEAL_ALG), { keyManagementAlgorithms: [SEAL_ALG], contentEncryptionAlgorithms: [SEAL_ENC] })).plaintext);
  } catch {
    return undefined;
  }
};
const oursOpens = (jwe: string) => {
  try {
    return openJwe(jwe, privateKey());
  } catch (error) {
    expect(error).toBeInstanceOf(JweRefused);
    return undefined;
  }
};
/** Replaces one of the five parts. */
const withPart = (jwe: string, index: number, part: string) => jwe.split('.').map((p, i) => (i === index ? part : p)).join('.');
const flipLast = (part: string) => part.slice(0, -2) + (part.endsWith('AA') ? 'BB' : 'AA');

describe('opening a sealed report without jose', () => {
  it('opens what jose seals to the byte, for short and long reports, with and without party info, and finds its kid', async () => {
    const texts = [new TextEncoder().encode('{}'), new TextEncoder().encode(JSON.stringify({ text: 'é'.repeat(70_000) })), new Uint8Array(0)];
    for (const plaintext of texts) {
      for (const parameters of [undefined, { apu: new TextEncoder().encode('device'), apv: new TextEncoder().encode('endpoint') }]) {
        const jwe = await seal(plaintext, {}, SEAL_ALG, SEAL_ENC, parameters);
        expect(jweKeyId(jwe)).toBe(kid);
        expect(oursOpens(jwe)).toEqual(await joseOpens(jwe));
        expect(oursOpens(jwe)).toEqual(Buffer.from(plaintext));
      }
    }
  });

  it('refuses every changed part, another key, other algorithms and header parameters it does not know, as jose does', async () => {
    const jwe = await seal(new TextEncoder().encode('{"id":"x"}'));
    const [header, key, iv, ciphertext, tag] = jwe.split('.') as [string, string, string, string, string];
    const decodedHeader = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
    const reheader = (change: Record<string, unknown>) => withPart(jwe, 0, Buffer.from(JSON.stringify({ ...decodedHeader, ...change })).toString('base64url'));
    const other = await generateKeyPair(SEAL_ALG, { crv: 'P-256', extractable: true });
    const otherEpk = await exportJWK(other.publicKey);
    const refused = [
      withPart(jwe, 1, flipLast(key)),
      withPart(jwe, 2, flipLast(iv)),
      withPart(jwe, 3, flipLast(ciphertext)),
      withPart(jwe, 4, flipLast(tag)),
      withPart(jwe, 4, tag.slice(0, -4)),
      reheader({ kid: 'another' }), // the header is the GCM's additional data: any change fails the tag
      reheader({ epk: otherEpk }),
      reheader({ epk: { ...(decodedHeader.epk as object), y: (otherEpk as { y: string }).y } }), // not on the curve
      reheader({ epk: { ...(decodedHeader.epk as object), x: Buffer.alloc(31, 7).toString('base64url') } }), // not a P-256 coordinate
      reheader({ epk: { ...(decodedHeader.epk as object), y: `${(decodedHeader.epk as { y: string }).y}AA` } }), // a coordinate too long
      reheader({ zip: 'DEF' }),
      reheader({ crit: ['exp'], exp: 1 }),
      reheader({ alg: 'ECDH-ES' }),
      reheader({ enc: 'A128GCM' }),
      await seal(new TextEncoder().encode('{}'), {}, 'ECDH-ES+A128KW', 'A256GCM'),
      await seal(new TextEncoder().encode('{}'), {}, SEAL_ALG, 'A128CBC-HS256'),
      jwe.split('.').slice(0, 4).join('.'),
      `${jwe}.`,
      withPart(jwe, 3, `${ciphertext}=`),
      'not a jwe',
    ];
    for (const candidate of refused) {
      expect(oursOpens(candidate), candidate.slice(0, 60)).toBeUndefined();
      expect(await joseOpens(candidate), candidate.slice(0, 60)).toBeUndefined();
    }
    // Sealed to someone else's key: the tag cannot check out with ours.
    const strangers = await new CompactEncrypt(new TextEncoder().encode('{}')).setProtectedHeader({ alg: SEAL_ALG, enc: SEAL_ENC, kid }).encrypt(other.publicKey);
    expect(oursOpens(strangers)).toBeUndefined();
    // An ephemeral key given with its private part is not an ephemeral public key.
    expect(() => jweKeyId(reheader({ epk: { ...(decodedHeader.epk as object), d: 'AAAA' } }))).toThrow(JweRefused);
  });
});
