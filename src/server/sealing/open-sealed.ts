// Opening what a device sealed (`{format: 'jwe', id, jwe}`): a report, or a reporter's reply. The plaintext is
// JSON of bounded size and shape, and must carry the id the wrapper claims in clear (which the endpoint uses to
// answer a resend). Every failure is a 4xx that says what is wrong.
import { sealedReportSchema } from '../../shared/sealing.ts';
import { ApiError } from '../errors.ts';
import { checkJsonShape } from '../json-shape.ts';
import { UnsealError, type KeyRing } from './key-ring.ts';

export async function openSealed(body: unknown, keyRing: KeyRing, { what, maxBytes }: { what: 'report' | 'reply'; maxBytes: number }): Promise<unknown> {
  const sealed = sealedReportSchema.safeParse(body);
  if (!sealed.success) throw new ApiError(400, `invalid_sealed_${what}`, `A sealed ${what} must be {format: "jwe", id, jwe} with a compact JWE`);
  let plaintext: Uint8Array;
  try {
    plaintext = await keyRing.open(sealed.data.jwe);
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    throw new ApiError(400, 'unsealable', `The ${what} cannot be opened: ${error.message}. Open it again on the device and send it again`);
  }
  if (plaintext.byteLength > maxBytes) throw new ApiError(413, `${what}_too_large`, `The ${what} is larger than ${maxBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
  } catch {
    throw new ApiError(400, 'invalid_json', `The sealed ${what} is not valid JSON`);
  }
  // The same cap on values and depth as a plain body gets before any schema (src/server/json-shape.ts).
  checkJsonShape(value);
  const claimed = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  if (claimed !== sealed.data.id) throw new ApiError(400, 'id_mismatch', `The id outside the sealed ${what} is not the id inside it`);
  return value;
}
