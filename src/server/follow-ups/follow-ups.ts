// Follow-up breach reports join the case of the report they follow up (issue 9). The console's loop calls
// `linkFollowUps` before it opens cases, in the same transaction: a follow-up whose reference names a case is
// attached to it and opens no case of its own; one whose reference matches nothing opens its own case, with a
// note saying so (`noteFollowUps`, after the cases are opened). The follow-up's report is stored once, as
// every report; only this link is new.
//
// The link: the department's reference of the initial report (`breach.initialReference`, filled in when the
// reporter starts the follow-up from their sent report), else the regulator's case reference
// (`breach.icoCaseReference`) recorded on a case's acknowledgement, else the references written in version
// 1's free-text "reference of the earlier report".
import { sql, type ColumnType, type Kysely, type RawBuilder } from 'kysely';
import { appendAudit, type Actor } from '../audit/audit-log.ts';
import { followUpMessage } from '../notify/messages.ts';
import type { NotifyConfig } from '../notify/notify-config.ts';
import { enqueue } from '../notify/outbox.ts';
import type { ConsoleDatabase } from '../storage/case-tables.ts';
import { toIso, type SqlDialectName } from '../storage/tables.ts';
import { parseReference, referencesIn } from '../../shared/reference.ts';
import type { CaseStatus } from '../../shared/wire.ts';
import type { FollowUpReport } from '../../shared/console-api.ts';

export interface CaseFollowUpsTable {
  /** The follow-up report. */
  report_id: string;
  /** The case it joined (the id of the case's first report). */
  case_id: string;
  matched_by: 'reference' | 'ico-reference';
  /** The reference that matched, as the report gave it. */
  matched_on: string;
  linked_at: ColumnType<Date | string, string, string>;
}
export type FollowUpTables = { case_follow_ups: CaseFollowUpsTable };
type Db = Kysely<ConsoleDatabase & FollowUpTables>;

/** Who the timeline says attached a follow-up: the endpoint itself, as reports arrive. */
export const INTAKE_ACTOR: Actor = { id: 'report-intake', name: 'Report intake' };
const ICO_REFERENCE = /IC-\d{4,6}-[A-Z0-9]{4}/gi;

export interface LinkedFollowUp {
  id: string;
  reference: string;
  receivedAt: string;
  caseId: string;
  matchedBy: CaseFollowUpsTable['matched_by'];
  matchedOn: string;
}
export interface UnmatchedFollowUp {
  id: string;
  /** The references the report gave, none of which names a case. */
  given: { initialReference?: string; icoCaseReference?: string; earlierReference?: string };
}
export interface FollowUpPass {
  linked: LinkedFollowUp[];
  unmatched: UnmatchedFollowUp[];
}

const db = (trx: Kysely<ConsoleDatabase>) => trx.withTables<FollowUpTables>() as unknown as Db;

/** The references a follow-up gives, each as the list of what to try. */
function referencesOf(breach: Record<string, unknown>): { reports: string[]; ico: string[]; given: UnmatchedFollowUp['given'] } {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const initial = text(breach.initialReference);
  const ico = text(breach.icoCaseReference);
  const earlier = text(breach.earlierReference);
  const parsed = initial && parseReference(initial);
  return {
    reports: [...(parsed ? [parsed] : []), ...(earlier ? referencesIn(earlier) : [])],
    ico: [...(ico ? [ico.toUpperCase()] : []), ...(earlier ? [...earlier.matchAll(ICO_REFERENCE)].map((m) => m[0].toUpperCase()) : [])],
    given: { ...(initial && { initialReference: initial }), ...(ico && { icoCaseReference: ico }), ...(earlier && { earlierReference: earlier }) },
  };
}

/** The case a report belongs to: its own id, or the case it joined as a follow-up. */
async function caseOfReport(trx: Db, reportId: string): Promise<string> {
  const link = await trx.selectFrom('case_follow_ups').select('case_id').where('report_id', '=', reportId).executeTakeFirst();
  return link?.case_id ?? reportId;
}

/**
 * Attaches every follow-up report not yet in a case to the case its reference names. Runs inside the loop's
 * transaction, before `openNewCases`, which then opens cases only for the reports left (the unmatched among them).
 */
export async function linkFollowUps(trx: Kysely<ConsoleDatabase>): Promise<FollowUpPass> {
  const t = db(trx);
  // The follow-ups without a case yet, found through their partial index whatever the number of other reports
  // (a literal, not a parameter: the planners use a partial index only when they can see it matches).
  const candidates = await t
    .selectFrom('reports as r')
    .select(['r.id', 'r.reference', 'r.report', 'r.received_at'])
    .where('r.report_type', '=', sql.lit('follow-up'))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('cases as c').select('c.report_id').whereRef('c.report_id', '=', 'r.id'))))
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('case_follow_ups as f').select('f.report_id').whereRef('f.report_id', '=', 'r.id'))))
    .execute();
  // Oldest first, so that a follow-up of a follow-up that arrived with it finds the first one linked already.
  candidates.sort((a, b) => toIso(a.received_at).localeCompare(toIso(b.received_at)) || a.id.localeCompare(b.id));
  const pass: FollowUpPass = { linked: [], unmatched: [] };
  const now = new Date().toISOString();
  for (const { candidate, refs } of dependenciesFirst(candidates)) {
    const match = await findCase(t, candidate.id, refs);
    if (!match) {
      pass.unmatched.push({ id: candidate.id, given: refs.given });
      continue;
    }
    await t.insertInto('case_follow_ups').values({ report_id: candidate.id, case_id: match.caseId, matched_by: match.by, matched_on: match.on, linked_at: now }).execute();
    // The reporter's device shows the status of the case the follow-up joined.
    const status = await t.selectFrom('reports').select('status').where('id', '=', match.caseId).executeTakeFirstOrThrow();
    await t.updateTable('reports').set({ status: status.status }).where('id', '=', candidate.id).execute();
    pass.linked.push({ id: candidate.id, reference: candidate.reference, receivedAt: toIso(candidate.received_at), caseId: match.caseId, matchedBy: match.by, matchedOn: match.on });
  }
  return pass;
}

/**
 * The candidates in their order, except that one naming another still to be linked (both arrived within the
 * same millisecond, so the order by time cannot tell) goes after it. Names that go round in a circle are taken
 * in their order.
 */
function dependenciesFirst<C extends { id: string; reference: string; report: string }>(candidates: C[]): { candidate: C; refs: ReturnType<typeof referencesOf> }[] {
  const waiting = new Map(candidates.map((candidate) => [candidate.reference, { candidate, refs: referencesOf((JSON.parse(candidate.report) as { breach: Record<string, unknown> }).breach) }]));
  const ordered: { candidate: C; refs: ReturnType<typeof referencesOf> }[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting.values()].filter(({ candidate, refs }) => !refs.reports.some((r) => r !== candidate.reference && waiting.has(r)));
    for (const entry of ready.length > 0 ? ready : [...waiting.values()]) {
      ordered.push(entry);
      waiting.delete(entry.candidate.reference);
    }
  }
  return ordered;
}

async function findCase(t: Db, self: string, refs: ReturnType<typeof referencesOf>): Promise<{ caseId: string; by: CaseFollowUpsTable['matched_by']; on: string } | undefined> {
  for (const reference of refs.reports) {
    const report = await t.selectFrom('reports').select('id').where('reference', '=', reference).executeTakeFirst();
    if (!report || report.id === self) continue;
    const caseId = await caseOfReport(t, report.id);
    if (caseId !== self) return { caseId, by: 'reference', on: reference };
  }
  for (const reference of refs.ico) {
    // The regulator's reference is recorded on one case's acknowledgement; on two, it names no one case.
    const rows = await t
      .withTables<{ regulator_responses: { report_id: string; ico_reference: string | null } }>()
      .selectFrom('regulator_responses')
      .select('report_id')
      .distinct()
      .where(sql<string>`upper(ico_reference)`, '=', reference)
      .limit(2)
      .execute();
    if (rows.length === 1 && rows[0]!.report_id !== self) return { caseId: await caseOfReport(t, rows[0]!.report_id), by: 'ico-reference', on: reference };
  }
  return undefined;
}

/**
 * After the cases are opened: each linked follow-up goes on its case's timeline (and the audit trail) and the
 * team hears of it; each unmatched one, now a case of its own, gets a note on its timeline saying why.
 */
export async function noteFollowUps(trx: Kysely<ConsoleDatabase>, dialect: SqlDialectName, config: NotifyConfig, pass: FollowUpPass): Promise<void> {
  for (const f of pass.linked) {
    await appendAudit(trx, dialect, INTAKE_ACTOR, [
      { caseId: f.caseId, action: 'follow-up-received', field: f.id, newValue: { reference: f.reference, receivedAt: f.receivedAt, matchedBy: f.matchedBy, matchedOn: f.matchedOn } },
    ]);
    const c = await trx.selectFrom('cases').select('reference').where('report_id', '=', f.caseId).executeTakeFirst();
    if (c) await enqueue(trx, [followUpMessage(config, { id: f.caseId, reference: c.reference }, f)]);
  }
  for (const f of pass.unmatched) {
    await appendAudit(trx, dialect, INTAKE_ACTOR, [{ caseId: f.id, action: 'follow-up-unmatched', newValue: f.given }]);
  }
}

/** The follow-up reports of a case, oldest first, as stored. */
export async function followUpsOf(trx: Kysely<ConsoleDatabase>, caseId: string): Promise<FollowUpReport[]> {
  const rows = await db(trx)
    .selectFrom('case_follow_ups as f')
    .innerJoin('reports as r', 'r.id', 'f.report_id')
    .select(['r.id', 'r.reference', 'r.received_at', 'r.report', 'r.schema_version', 'f.matched_by', 'f.matched_on'])
    .where('f.case_id', '=', caseId.toLowerCase())
    .orderBy('r.received_at')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    receivedAt: toIso(r.received_at),
    matchedBy: r.matched_by,
    matchedOn: r.matched_on,
    report: JSON.parse(r.report) as Record<string, unknown>,
    schemaVersion: Number(r.schema_version),
  }));
}

/** The status the reporters' devices read, for the case's follow-ups too (the case's own report is set by the caller). */
export async function setFollowUpStatus(trx: Kysely<ConsoleDatabase>, caseId: string, status: CaseStatus): Promise<void> {
  const t = db(trx);
  await t
    .updateTable('reports')
    .set({ status })
    .where('id', 'in', (eb) => eb.selectFrom('case_follow_ups').select('report_id').where('case_id', '=', caseId))
    .execute();
}

/** Case ids (for the queue's search by reference) whose follow-ups include a report with this reference. */
export function casesWithFollowUp(reference: string): RawBuilder<string> {
  return sql<string>`(select f.case_id from case_follow_ups f inner join reports fr on fr.id = f.report_id where fr.reference = ${reference})`;
}

/** Reports that joined another's case: the register and the return count the case once, by its first report. */
export function isJoinedFollowUp(reportIdColumn: string): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from case_follow_ups f where f.report_id = ${sql.ref(reportIdColumn)})`;
}

/**
 * Disposal of a case takes its follow-ups with it: each leaves a tombstone like the case's own report (the
 * caller writes the case's), then its link and its report go. Runs in the caller's transaction.
 */
export async function disposeFollowUps(trx: Kysely<ConsoleDatabase>, caseId: string, tombstone: { closedAt: string; disposedAt: string; disposedBy: string }): Promise<void> {
  const t = db(trx).withTables<{
    tombstones: { report_id: string; reference: string; kind: string; received_at: string; discovered_at: string | null; closed_at: string; disposed_at: string; disposed_by: string };
  }>();
  const reports = await t
    .selectFrom('case_follow_ups as f')
    .innerJoin('reports as r', 'r.id', 'f.report_id')
    .select(['r.id', 'r.reference', 'r.kind', 'r.received_at', 'r.discovered_at'])
    .where('f.case_id', '=', caseId)
    .execute();
  for (const r of reports) {
    await t
      .insertInto('tombstones')
      .values({
        report_id: r.id,
        reference: r.reference,
        kind: r.kind,
        received_at: toIso(r.received_at),
        discovered_at: r.discovered_at === null ? null : toIso(r.discovered_at),
        closed_at: tombstone.closedAt,
        disposed_at: tombstone.disposedAt,
        disposed_by: tombstone.disposedBy,
      })
      .execute();
  }
  await t.deleteFrom('case_follow_ups').where('case_id', '=', caseId).execute();
  if (reports.length > 0) await t.deleteFrom('reports').where('id', 'in', reports.map((r) => r.id)).execute();
}
