// A replay of a report must be told apart from a different report sent under the same id, whatever order
// the keys arrived in: the hash is taken over JSON with object keys sorted at every level.
// The text must never change for the same report: stored hashes are compared with those of replays.
import { createHash } from 'node:crypto';

/**
 * JSON.stringify's output with every object's keys sorted, written in one pass onto one string (no sorted copy,
 * and no joined text per level: intake writes one of these per report, and each level's join copied the text
 * below it again).
 */
export function canonicalJson(value: unknown): string {
  return writeCanonical('', value);
}

function writeCanonical(out: string, value: unknown): string {
  if (value === null || typeof value !== 'object') return out + JSON.stringify(value);
  if (Array.isArray(value)) {
    out += '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out = omitted(value[i]) ? `${out}null` : writeCanonical(out, value[i]);
    }
    return `${out}]`;
  }
  out += '{';
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (omitted(member)) continue;
    out = writeCanonical(`${out}${first ? '' : ','}${JSON.stringify(key)}:`, member);
    first = false;
  }
  return `${out}}`;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
