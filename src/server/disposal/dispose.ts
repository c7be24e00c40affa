// Retention and disposal: a closed case is disposed of `retentionYears` after closure unless it is exempt.
// Its content goes from every table; a tombstone keeps the reference, kind, dates and who disposed of it (a
// person, or "the retention schedule"). One case per transaction, so a failure leaves each case whole or gone.
// On PostgreSQL a run holds an advisory lock, so two endpoints' daily jobs never dispose of the same case twice.
// The closure date is the console's (cases.closed_at); case_retention keeps only the exemption. The console's
// audit rows stay (the chain must still verify) but their values go, and a 'disposed' entry is appended.
import { sql, type Kysely } from 'kysely';
import { appendAudit } from '../audit/audit-log.ts';
import type { MessageTables } from '../messages/message-tables.ts';
import type { RegulatorDatabase } from '../regulator/regulator-tables.ts';
import type { CaseTables, ConsoleDatabase } from '../storage/case-tables.ts';
import { toIso, type SqlDialectName } from '../storage/tables.ts';
import { writeTransaction } from '../storage/write-transaction.ts';
import { disposeFollowUps } from '../follow-ups/follow-ups.ts';

type DisposalDatabase = RegulatorDatabase & CaseTables & MessageTables;

/** pg_try_advisory_lock key: "disposal". */
const DISPOSAL_LOCK_KEY = 7_231_912;
export const BY_SCHEDULE = 'the retention schedule';

export interface DisposalCandidate {
  reportId: string;
  reference: string;
  kind: string;
  receivedAt: string;
  discoveredAt: string | null;
  closedAt: string;
}

export interface DisposalRun {
  /** False when another process held the lock: nothing was done. */
  ran: boolean;
  dryRun: boolean;
  cases: DisposalCandidate[];
}

export interface DisposalOptions {
  retentionYears: number;
  now?: Date;
  /** Who disposes: a person's name, or the schedule. */
  by?: string;
  /** List what would be disposed of, delete nothing. */
  dryRun?: boolean;
}

/** Closed before this instant: due for disposal. */
export function disposalCutoff(now: Date, retentionYears: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - retentionYears);
  return cutoff.toISOString();
}

export async function dueForDisposal(db: Kysely<RegulatorDatabase>, cutoff: string): Promise<DisposalCandidate[]> {
  const rows = await db
    .withTables<CaseTables>()
    .selectFrom('cases as c')
    .innerJoin('reports as r', 'r.id', 'c.report_id')
    .leftJoin('case_retention as cr', 'cr.report_id', 'c.report_id')
    .select(['r.id', 'r.reference', 'r.kind', 'r.received_at', 'r.discovered_at', 'c.closed_at'])
    .where(sql<boolean>`c.status = 'closed'`)
    .where('c.closed_at', 'is not', null)
    .where('c.closed_at', '<', cutoff)
    .where((eb) => eb.or([eb('cr.exempt', 'is', null), eb('cr.exempt', '=', 0)]))
    .orderBy('c.closed_at')
    .execute();
  return rows.map((r) => ({
    reportId: r.id,
    reference: r.reference,
    kind: r.kind,
    receivedAt: toIso(r.received_at),
    discoveredAt: r.discovered_at === null ? null : toIso(r.discovered_at),
    closedAt: toIso(r.closed_at!),
  }));
}

export async function disposeDue(db: Kysely<RegulatorDatabase>, dialect: SqlDialectName, options: DisposalOptions): Promise<DisposalRun> {
  const now = options.now ?? new Date();
  const dryRun = options.dryRun ?? false;
  const cutoff = disposalCutoff(now, options.retentionYears);
  if (dryRun) return { ran: true, dryRun, cases: await dueForDisposal(db, cutoff) };
  return withDisposalLock(db, dialect, async () => {
    const cases = await dueForDisposal(db, cutoff);
    for (const c of cases) await disposeOne(db.withTables<CaseTables & MessageTables>(), dialect, c, now.toISOString(), options.by ?? BY_SCHEDULE);
    return { ran: true, dryRun, cases };
  });
}

async function disposeOne(db: Kysely<DisposalDatabase>, dialect: SqlDialectName, c: DisposalCandidate, at: string, by: string): Promise<void> {
  await writeTransaction(db, dialect, async (trx) => {
    await trx
      .insertInto('tombstones')
      .values({ report_id: c.reportId, reference: c.reference, kind: c.kind, received_at: c.receivedAt, discovered_at: c.discoveredAt, closed_at: c.closedAt, disposed_at: at, disposed_by: by })
      .execute();
    await trx.deleteFrom('people_told').where('report_id', '=', c.reportId).execute();
    await trx.deleteFrom('regulator_responses').where('report_id', '=', c.reportId).execute();
    // Follow-ups name their initial report: they go first.
    await trx.deleteFrom('regulator_submissions').where('report_id', '=', c.reportId).where('initial_id', 'is not', null).execute();
    await trx.deleteFrom('regulator_submissions').where('report_id', '=', c.reportId).execute();
    await trx.deleteFrom('regulator_decisions').where('report_id', '=', c.reportId).execute();
    await trx.deleteFrom('case_retention').where('report_id', '=', c.reportId).execute();
    await trx.deleteFrom('case_actions').where('report_id', '=', c.reportId).execute();
    // Messages with the reporter: answers first, as they name their question.
    await trx.deleteFrom('case_messages').where('report_id', '=', c.reportId).where('question_id', 'is not', null).execute();
    await trx.deleteFrom('case_messages').where('report_id', '=', c.reportId).execute();
    await trx.deleteFrom('notifications').where('case_id', '=', c.reportId).execute();
    // The chain's rows keep only hashes; the values they hash (notes, answers, names) are the content.
    await trx.deleteFrom('audit_values').where('seq', 'in', (eb) => eb.selectFrom('audit_log').select('seq').where('case_id', '=', c.reportId)).execute();
    await trx.deleteFrom('cases').where('report_id', '=', c.reportId).execute();
    await disposeFollowUps(trx as unknown as Kysely<ConsoleDatabase>, c.reportId, { closedAt: c.closedAt, disposedAt: at, disposedBy: by });
    await trx.deleteFrom('reports').where('id', '=', c.reportId).execute();
    await appendAudit(trx as unknown as Kysely<ConsoleDatabase>, dialect, { id: by === BY_SCHEDULE ? 'retention-schedule' : `by:${by}`, name: by }, [{ caseId: c.reportId, action: 'disposed', newValue: { reference: c.reference, closedAt: c.closedAt } }]);
  });
}

async function withDisposalLock(db: Kysely<RegulatorDatabase>, dialect: SqlDialectName, work: () => Promise<DisposalRun>): Promise<DisposalRun> {
  if (dialect !== 'postgres') return work();
  // A session lock needs one connection for the lock and its release.
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${DISPOSAL_LOCK_KEY}) as locked`.execute(conn);
    if (!rows[0]?.locked) return { ran: false, dryRun: false, cases: [] };
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${DISPOSAL_LOCK_KEY})`.execute(conn);
    }
  });
}

/** Records whether a case is exempt from disposal (its closure date is the console's). */
export async function setRetention(db: Kysely<RegulatorDatabase>, reportId: string, facts: { exempt?: boolean; exemptReason?: string | null }): Promise<void> {
  const values = {
    report_id: reportId.toLowerCase(),
    ...(facts.exempt !== undefined && { exempt: facts.exempt ? 1 : 0 }),
    ...(facts.exemptReason !== undefined && { exempt_reason: facts.exemptReason }),
  };
  const { report_id: _id, ...changes } = values;
  await db
    .insertInto('case_retention')
    .values(values)
    .onConflict((oc) => (Object.keys(changes).length ? oc.column('report_id').doUpdateSet(changes) : oc.column('report_id').doNothing()))
    .execute();
}

export async function tombstones(db: Kysely<RegulatorDatabase>) {
  return db.selectFrom('tombstones').selectAll().orderBy('disposed_at').execute();
}
