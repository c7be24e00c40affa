// Messages about a case (migration 0007_case_messages) as Kysely sees them: the team's questions to the
// reporter, the reporter's answers and the information a reporter added. Timestamps as in storage/tables.ts.
import type { ColumnType } from 'kysely';
import type { Database } from '../storage/tables.ts';

type Timestamp = ColumnType<Date | string, string, string>;

export interface CaseMessagesTable {
  /** A question: made by the endpoint. A reply: made on the reporter's device, its idempotency key. Lower case. */
  id: string;
  report_id: string;
  kind: 'question' | 'answer' | 'addition';
  /** An answer: the question it answers. */
  question_id: string | null;
  text: string;
  /** Who wrote it: a member of the team, or the reporter (their id at the identity provider). */
  author_id: string;
  author_name: string;
  /** A reply: when the reporter wrote it on the device (it may have waited offline for days). */
  written_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  /** sha256 of the canonical JSON of what was sent: a resend of the same id must match it. */
  content_hash: string;
}

export type MessageTables = { case_messages: CaseMessagesTable };
export type MessageDatabase = Database & MessageTables;
