// The incident team's tables (migration 0004_cases) as Kysely sees them: cases, notes, actions, the people
// who have used the console (to assign to), the hash-chained audit trail and its values, and the
// notification outbox. Timestamps as in tables.ts: ISO text in SQLite, timestamptz in PostgreSQL.
import type { ColumnType, Generated } from 'kysely';
import type { Database } from './tables.ts';

type Timestamp = ColumnType<Date | string, string, string>;
type OptionalTimestamp = ColumnType<Date | string | null, string | null | undefined, string | null>;

export interface CasesTable {
  report_id: string;
  reference: string;
  /** As the reporter said, or as the team corrected it at triage. */
  kind: string;
  occurrence: string | null;
  /** 'yes' | 'no' | 'not-known': the reporter's answer until the team decides. */
  personal_data: string;
  personal_data_confirmed: ColumnType<number, number | undefined, number>;
  business_area: string | null;
  received_at: Timestamp;
  regulator_deadline: OptionalTimestamp;
  /** regulator_deadline, or a far-future sentinel: the first key of the queue's order (no NULL ordering rules to differ). */
  sort_deadline: Timestamp;
  severity: string | null;
  /** severityOrder(severity): the second key. */
  severity_order: number;
  status: string;
  owner_id: string | null;
  owner_name: string | null;
  escalated_to: string | null;
  closure_summary: string | null;
  lessons_learnt: string | null;
  closed_at: OptionalTimestamp;
  updated_at: Timestamp;
  /** Bumped on every change: a change made on a stale page is refused rather than overwriting another's. */
  version: number;
}

export interface CaseActionsTable {
  id: string;
  report_id: string;
  description: string;
  owner_name: string;
  due_date: string;
  done_at: OptionalTimestamp;
  created_at: Timestamp;
}

export interface ConsoleStaffTable {
  user_id: string;
  name: string;
  email: string;
  roles: string;
  last_seen_at: Timestamp;
}

export interface AuditLogTable {
  /** 1, 2, 3...: a gap is a deleted row. */
  seq: number;
  at: Timestamp;
  actor_id: string;
  actor_name: string;
  case_id: string | null;
  action: string;
  field: string | null;
  old_hash: string | null;
  new_hash: string | null;
  prev_hash: string;
  row_hash: string;
}

/** The values behind old_hash / new_hash: may be deleted at disposal, the chain still verifies. */
export interface AuditValuesTable {
  seq: number;
  old_value: string | null;
  new_value: string | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  /** One message per event: a second try to queue it does nothing. */
  dedupe_key: string;
  case_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  created_at: Timestamp;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Timestamp;
  sent_at: OptionalTimestamp;
  last_error: string | null;
}

export type CaseTables = {
  cases: CasesTable;
  case_actions: CaseActionsTable;
  console_staff: ConsoleStaffTable;
  audit_log: AuditLogTable;
  audit_values: AuditValuesTable;
  notifications: NotificationsTable;
};

export type ConsoleDatabase = Database & CaseTables;
