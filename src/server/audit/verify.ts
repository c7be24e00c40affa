// Checks the whole audit trail: every row's hash over its own fields, the link to the row before, no gap in
// the numbering (a deleted row), and each stored value against its hash (a disposed value is fine, an altered
// one is not). Reads in pages so that a long trail does not sit in memory.
import type { Kysely } from 'kysely';
import type { ConsoleDatabase } from '../storage/case-tables.ts';
import { toIso } from '../storage/tables.ts';
import { GENESIS_HASH, rowHash, valueHash } from './chain.ts';

export interface VerifyResult {
  ok: boolean;
  rows: number;
  /** One line per problem, each naming the row (seq). */
  problems: string[];
}

const PAGE = 1000;
const MAX_PROBLEMS = 100;

export async function verifyAuditChain(db: Kysely<ConsoleDatabase>): Promise<VerifyResult> {
  const problems: string[] = [];
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let rows = 0;
  for (;;) {
    const page = await db
      .selectFrom('audit_log')
      .leftJoin('audit_values', 'audit_values.seq', 'audit_log.seq')
      .selectAll('audit_log')
      .select(['audit_values.old_value', 'audit_values.new_value', 'audit_values.seq as value_seq'])
      .where('audit_log.seq', '>=', expectedSeq)
      .orderBy('audit_log.seq')
      .limit(PAGE)
      .execute();
    if (page.length === 0) break;
    for (const row of page) {
      rows++;
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        problems.push(seq - expectedSeq === 1 ? `row ${expectedSeq} is missing (deleted)` : `rows ${expectedSeq} to ${seq - 1} are missing (deleted)`);
      }
      if (row.prev_hash !== prevHash && seq === expectedSeq) problems.push(`row ${seq} does not follow the row before it (its previous hash differs)`);
      const computed = rowHash({
        seq,
        at: toIso(row.at),
        actorId: row.actor_id,
        actorName: row.actor_name,
        caseId: row.case_id,
        action: row.action,
        field: row.field,
        oldHash: row.old_hash,
        newHash: row.new_hash,
        prevHash: row.prev_hash,
      });
      if (computed !== row.row_hash) problems.push(`row ${seq} was altered (its hash does not match its contents)`);
      if (row.value_seq !== null) {
        if (row.old_value !== null && valueHash(row.old_value) !== row.old_hash) problems.push(`row ${seq}: its old value was altered`);
        if (row.new_value !== null && valueHash(row.new_value) !== row.new_hash) problems.push(`row ${seq}: its new value was altered`);
      }
      // A row whose stored hash was rewritten to match still breaks the link from the next row.
      prevHash = row.row_hash;
      expectedSeq = seq + 1;
    }
    if (problems.length >= MAX_PROBLEMS) break;
  }
  return { ok: problems.length === 0, rows, problems: problems.slice(0, MAX_PROBLEMS) };
}
