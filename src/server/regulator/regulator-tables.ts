// The regulator's side of a case (migration 0005_regulator) as Kysely sees it: the data protection officer's
// decision, the forms sent, what the regulator answered, and the data subjects and organisations told.
// Timestamps as in storage/tables.ts: ISO text in SQLite, timestamptz in PostgreSQL.
import type { ColumnType } from 'kysely';
import type { Database } from '../storage/tables.ts';

type Timestamp = ColumnType<Date | string, string, string>;

export interface RegulatorDecisionsTable {
  report_id: string;
  /** One of DECISION_OUTCOMES. */
  outcome: string;
  decided_by: string;
  decided_at: Timestamp;
  /** Why: required when not reporting. */
  reasons: string | null;
  /** Why the decision or the report came after the 72 hours. */
  delay_reason: string | null;
  recorded_at: Timestamp;
}

export interface RegulatorSubmissionsTable {
  id: string;
  report_id: string;
  report_type: 'initial' | 'follow-up';
  /** The initial submission a follow-up continues. */
  initial_id: string | null;
  sent_at: Timestamp;
  sent_by: string;
  /** The follow-up's answers over the report's (JSON), so that the form sent can be made again as it was. */
  answers: string | null;
  recorded_at: Timestamp;
}

export interface RegulatorResponsesTable {
  id: string;
  report_id: string;
  kind: 'acknowledgement' | 'case-officer' | 'decision';
  received_at: Timestamp;
  ico_reference: string | null;
  case_officer: string | null;
  decision: string | null;
  recommendations: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface PeopleToldTable {
  id: string;
  report_id: string;
  audience: 'data-subjects' | 'organisation';
  /** The organisation told (audience 'organisation'). */
  organisation: string | null;
  told_at: Timestamp;
  method: string;
  told_by: string;
  recorded_at: Timestamp;
}

/** Retention facts of a case: when it closed and whether it is exempt from disposal. */
export interface CaseRetentionTable {
  report_id: string;
  /** TODO(console): the console's cases.closed_at is the closure date once it lands; this copy goes then. */
  closed_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  exempt: ColumnType<number, number | undefined, number>;
  exempt_reason: string | null;
}

/** What is left of a disposed case: enough to say it existed and was disposed of, by whom or by the schedule. */
export interface TombstonesTable {
  report_id: string;
  reference: string;
  kind: string;
  received_at: Timestamp;
  discovered_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  closed_at: Timestamp;
  disposed_at: Timestamp;
  disposed_by: string;
}

export type RegulatorTables = {
  case_retention: CaseRetentionTable;
  tombstones: TombstonesTable;
  regulator_decisions: RegulatorDecisionsTable;
  regulator_submissions: RegulatorSubmissionsTable;
  regulator_responses: RegulatorResponsesTable;
  people_told: PeopleToldTable;
};

export type RegulatorDatabase = Database & RegulatorTables;

/** Every table holding a case's regulator records, by its report id column: what disposal clears. */
export const REGULATOR_TABLES = ['regulator_decisions', 'regulator_submissions', 'regulator_responses', 'people_told'] as const;
