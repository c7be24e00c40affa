// A replay of a report must be told apart from a different report sent under the same id, whatever order
// the keys arrived in: the hash is taken over JSON with object keys sorted at every level.
// The text must never change for the same report: stored hashes are compared with those of replays.
import { createHash } from 'node:crypto';

/** JSON.stringify's output with every object's keys sorted, written in one pass (no sorted copy is built). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => (omitted(item) ? 'null' : canonicalJson(item))).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (!omitted(member)) members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
