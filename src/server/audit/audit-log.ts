// Appending to the audit trail, inside the caller's transaction, so that a change to a case and its audit rows
// commit together or not at all. Appends are serialised: on PostgreSQL by a transaction-scoped advisory lock
// (two endpoints never read the same last row and fork the chain); on SQLite the caller's transaction began
// IMMEDIATE (write-transaction.ts), which holds the database's one write lock.
import { sql, type Kysely } from 'kysely';
import type { ConsoleDatabase } from '../storage/case-tables.ts';
import type { SqlDialectName } from '../storage/tables.ts';
import { GENESIS_HASH, rowHash, valueHash, valueText } from './chain.ts';

/** An arbitrary, fixed key for pg_advisory_xact_lock: "the audit chain". */
const AUDIT_LOCK_KEY = 7_231_911;

export interface Actor {
  id: string;
  name: string;
}

export interface AuditEntry {
  caseId: string | null;
  action: string;
  field?: string;
  oldValue?: unknown;
  newValue?: unknown;
}

export async function appendAudit(trx: Kysely<ConsoleDatabase>, dialect: SqlDialectName, actor: Actor, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'row_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last ? Number(last.seq) : 0;
  let prevHash = last?.row_hash ?? GENESIS_HASH;
  const at = new Date().toISOString();
  for (const entry of entries) {
    seq += 1;
    const oldText = valueText(entry.oldValue);
    const newText = valueText(entry.newValue);
    const fields = {
      seq,
      at,
      actorId: actor.id,
      actorName: actor.name,
      caseId: entry.caseId,
      action: entry.action,
      field: entry.field ?? null,
      oldHash: valueHash(oldText),
      newHash: valueHash(newText),
      prevHash,
    };
    const hash = rowHash(fields);
    await trx
      .insertInto('audit_log')
      .values({
        seq,
        at,
        actor_id: fields.actorId,
        actor_name: fields.actorName,
        case_id: fields.caseId,
        action: fields.action,
        field: fields.field,
        old_hash: fields.oldHash,
        new_hash: fields.newHash,
        prev_hash: prevHash,
        row_hash: hash,
      })
      .execute();
    if (oldText !== null || newText !== null) await trx.insertInto('audit_values').values({ seq, old_value: oldText, new_value: newText }).execute();
    prevHash = hash;
  }
}
