// The audit trail's hash chain: each row holds the SHA-256 of its own fields and of the row before, and the
// SHA-256 of the old and new values it records (the values sit in audit_values, so they can be disposed of
// while the chain still verifies). Pure functions: appending is in audit-log.ts, checking in verify.ts.
import { canonicalJson, sha256Hex } from '../storage/content-hash.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  caseId: string | null;
  action: string;
  field: string | null;
  oldHash: string | null;
  newHash: string | null;
  prevHash: string;
}

/** The text a value is stored as, and hashed over: canonical JSON (null when there is no value). */
export function valueText(value: unknown): string | null {
  return value === undefined || value === null ? null : canonicalJson(value);
}

export function valueHash(text: string | null): string | null {
  return text === null ? null : sha256Hex(text);
}

export function rowHash(fields: ChainFields): string {
  return sha256Hex(canonicalJson(fields));
}
