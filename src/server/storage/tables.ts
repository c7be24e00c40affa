// The shape of the endpoint's tables as Kysely sees them. Timestamps are ISO 8601 text in SQLite and
// timestamptz in PostgreSQL (which the pg driver reads back as Date), so reads go through `toIso`.
import type { ColumnType, Generated } from 'kysely';
import type { CaseStatus } from '../../shared/wire.ts';

type Timestamp = ColumnType<Date | string, string, string>;
type OptionalTimestamp = ColumnType<Date | string | null, string | null | undefined, string | null>;

export interface ReportsTable {
  /** The report's own id, made on the device: the idempotency key of every send. Lower case. */
  id: string;
  /** The reference the reporter quotes: the device's own, or a new one if another report already had it. */
  reference: string;
  kind: string;
  schema_version: number;
  status: Generated<CaseStatus>;
  received_at: Timestamp;
  /** sha256 (hex) of the canonical JSON of the report: a replay with the same id must match it. */
  content_hash: string;
  /** The report as validated, as canonical JSON text. */
  report: string;
  personal_data: string;
  /** 'incident' or 'near-miss': the incident team filters on it. */
  occurrence: string | null;
  /** When the incident was discovered (the reporter's local date and time, resolved in their time zone). */
  discovered_at: OptionalTimestamp;
  /** 72 hours after discovery, when the regulator's clock runs (`regulatorDeadlineOf`, UK GDPR Art. 33). */
  regulator_deadline: OptionalTimestamp;
  /** The signed-in person who sent it (their provider subject): only they may read its status. */
  submitted_by: ColumnType<string | null, string | null | undefined, never>;
  /** The reporter's business area, as they wrote it (see triage-columns.ts). */
  business_area: ColumnType<string | null, string | null | undefined, never>;
  /** A breach report's 'initial' or 'follow-up'; null for other kinds. */
  report_type: ColumnType<string | null, string | null | undefined, never>;
}

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
export interface SessionsTable {
  token_hash: string;
  user_id: string;
  name: string;
  email: string;
  /** JSON array of roles, decided at sign-in. */
  roles: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  /** The absolute end, whatever the use. */
  expires_at: Timestamp;
}

/** A sign-in under way (between /auth/sign-in and /auth/callback): used once, then deleted. */
export interface SignInRequestsTable {
  token_hash: string;
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Timestamp;
}

export interface Database {
  reports: ReportsTable;
  sessions: SessionsTable;
  sign_in_requests: SignInRequestsTable;
}

export type SqlDialectName = 'sqlite' | 'postgres';

export function toIso(value: Date | string): string {
  return new Date(value).toISOString();
}
