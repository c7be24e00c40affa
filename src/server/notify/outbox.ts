// The notification outbox: a message is queued in the same transaction as what caused it, once (its dedupe
// key is unique), and sent by the loop until the mail server takes it, with growing waits between tries.
import type { Kysely } from 'kysely';
import type { ConsoleDatabase } from '../storage/case-tables.ts';
import { toIso } from '../storage/tables.ts';
import type { Message } from './messages.ts';

export interface QueuedNotification extends Message {
  id: number;
  createdAt: string;
  attempts: number;
  sentAt: string | null;
  lastError: string | null;
}

const MAX_BACKOFF_MS = 15 * 60_000;
// Messages queued per statement: 7 parameters a row, far below both stores' limit on one statement.
const ENQUEUE_BATCH = 500;

export async function enqueue(db: Kysely<ConsoleDatabase>, messages: Message[]): Promise<void> {
  const now = new Date().toISOString();
  for (let from = 0; from < messages.length; from += ENQUEUE_BATCH) {
    await db
      .insertInto('notifications')
      .values(
        messages
          .slice(from, from + ENQUEUE_BATCH)
          .map((m) => ({ dedupe_key: m.dedupeKey, case_id: m.caseId, recipient: m.recipient, subject: m.subject, body: m.body, created_at: now, next_attempt_at: now })),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .execute();
  }
}

export async function dueNotifications(db: Kysely<ConsoleDatabase>, limit: number): Promise<QueuedNotification[]> {
  const rows = await db
    .selectFrom('notifications')
    .selectAll()
    .where('sent_at', 'is', null)
    .where('next_attempt_at', '<=', new Date().toISOString())
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toQueued);
}

export async function markSent(db: Kysely<ConsoleDatabase>, id: number): Promise<void> {
  await db.updateTable('notifications').set({ sent_at: new Date().toISOString(), last_error: null }).where('id', '=', id).execute();
}

export async function markFailed(db: Kysely<ConsoleDatabase>, n: QueuedNotification, error: string): Promise<void> {
  const wait = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** n.attempts);
  await db
    .updateTable('notifications')
    .set({ attempts: n.attempts + 1, last_error: error.slice(0, 500), next_attempt_at: new Date(Date.now() + wait).toISOString() })
    .where('id', '=', n.id)
    .execute();
}

/** The newest messages first, for the console's Notifications page. */
export async function listNotifications(db: Kysely<ConsoleDatabase>, limit = 200): Promise<QueuedNotification[]> {
  return (await db.selectFrom('notifications').selectAll().orderBy('id', 'desc').limit(limit).execute()).map(toQueued);
}

function toQueued(r: { id: number | string; dedupe_key: string; case_id: string | null; recipient: string; subject: string; body: string; created_at: Date | string; attempts: number; sent_at: Date | string | null; last_error: string | null }): QueuedNotification {
  return {
    id: Number(r.id),
    dedupeKey: r.dedupe_key,
    caseId: r.case_id ?? '',
    recipient: r.recipient,
    subject: r.subject,
    body: r.body,
    createdAt: toIso(r.created_at),
    attempts: Number(r.attempts),
    sentAt: r.sent_at === null ? null : toIso(r.sent_at),
    lastError: r.last_error,
  };
}
