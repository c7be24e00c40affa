// The endpoint's key pair for page and storage tests, which run with no endpoint: the page's requests for
// the endpoint's public keys (JWKS_PATH) are answered with this pair's public key (setup.ts), and the tests
// open what the device sealed with its private key, as the endpoint would.
import { compactDecrypt, exportJWK, generateKeyPair } from 'jose';
import type { OutboxBody } from '../../src/db/database.ts';
import type { Report } from '../../src/shared/report.ts';
import { SEAL_ALG, SEAL_CURVE, SEAL_ENC, type SealingJwks } from '../../src/shared/sealing.ts';

const { publicKey, privateKey } = await generateKeyPair(SEAL_ALG, { crv: SEAL_CURVE, extractable: true });
const { x, y } = await exportJWK(publicKey);
export const testJwks: SealingJwks = { keys: [{ kty: 'EC', crv: SEAL_CURVE, x: x!, y: y!, kid: 'unit-test-key', alg: SEAL_ALG, use: 'enc' }] };

/** The report inside a sealed outbox body (fails the test if the body is not sealed to the test key). */
export async function openSealed(body: OutboxBody | undefined): Promise<Report> {
  if (body?.format !== 'jwe') throw new Error(`expected a sealed body, found ${JSON.stringify(body)?.slice(0, 80)}`);
  const { plaintext, protectedHeader } = await compactDecrypt(body.jwe, privateKey, { keyManagementAlgorithms: [SEAL_ALG], contentEncryptionAlgorithms: [SEAL_ENC] });
  if (protectedHeader.kid !== 'unit-test-key') throw new Error('sealed to another key');
  return JSON.parse(new TextDecoder().decode(plaintext)) as Report;
}
