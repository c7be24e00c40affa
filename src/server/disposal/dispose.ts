// Retention and disposal: a closed case is disposed of `retentionYears` after closure unless it is exempt.
// Its content goes from every table; a tombstone keeps the reference, kind, dates and who disposed of it (a
// person, or "the retention schedule"). One case per transaction, so a failure leaves each case whole or gone.
// On PostgreSQL a run holds an advisory lock, so two endpoints' daily jobs never dispose of the same case twice.
import { sql, type Kysely } from 'kysely';
import type { RegulatorDatabase } from '../regulator/regulator-tables.ts';
import { toIso, type SqlDialectName } from '../storage/tables.ts';

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
    .selectFrom('case_retention as cr')
    .innerJoin('reports as r', 'r.id', 'cr.report_id')
    .select(['r.id', 'r.reference', 'r.kind', 'r.received_at', 'r.discovered_at', 'cr.closed_at'])
    .where('r.status', '=', 'closed')
    .where('cr.closed_at', 'is not', null)
    .where('cr.closed_at', '<', cutoff)
    .where('cr.exempt', '=', 0)
    .orderBy('cr.closed_at')
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
    for (const c of cases) await disposeOne(db, c, now.toISOString(), options.by ?? BY_SCHEDULE);
    return { ran: true, dryRun, cases };
  });
}

async function disposeOne(db: Kysely<RegulatorDatabase>, c: DisposalCandidate, at: string, by: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
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
    // TODO(console): once the console's tables land, delete its case rows (cases, case_actions, audit_values)
    // here and append a 'disposed' audit entry, keeping audit_log rows so the chain still verifies.
    await trx.deleteFrom('reports').where('id', '=', c.reportId).execute();
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

/** Records a case's closure date and exemption (until the console's own closure lands: see the table's TODO). */
export async function setRetention(db: Kysely<RegulatorDatabase>, reportId: string, facts: { closedAt?: string | null; exempt?: boolean; exemptReason?: string | null }): Promise<void> {
  const values = {
    report_id: reportId.toLowerCase(),
    ...(facts.closedAt !== undefined && { closed_at: facts.closedAt }),
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
