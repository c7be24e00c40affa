// The breach register (UK GDPR Art. 33(5)): every personal-data breach, reported to the regulator or not, with
// its facts, effects, remedial action and the decision with its reasons. Read a page at a time in discovery
// order (keyset paging on the indexed columns), so that an export of any size holds one page in memory.
import type { Kysely } from 'kysely';
import { getAnswer } from '../../shared/catalogue.ts';
import { outcomeLabel, type DecisionOutcome } from '../../shared/regulator-decision.ts';
import type { RegulatorDatabase } from '../regulator/regulator-tables.ts';
import { toIso } from '../storage/tables.ts';
import { isJoinedFollowUp } from '../follow-ups/follow-ups.ts';

export const PAGE_SIZE = 500;

export interface RegisterFilter {
  /** Discovered on or after (ISO instant). */
  from?: string;
  /** Discovered before (ISO instant). */
  to?: string;
}

export interface RegisterEntry {
  reference: string;
  kind: string;
  discoveredAt: string | null;
  receivedAt: string;
  businessArea: string;
  whatHappened: string;
  dataCategories: string;
  recordsConcerned: string;
  subjectsAffected: string;
  consequences: string;
  actualHarm: string;
  remedialAction: string;
  decision: string;
  decidedBy: string;
  decidedAt: string;
  decisionReasons: string;
  delayReason: string;
  reportedAt: string;
  icoReference: string;
  regulatorDecision: string;
}

/** One row of the case read for the register and the quarterly return. */
export interface CaseFacts {
  id: string;
  reference: string;
  kind: string;
  occurrence: string | null;
  personalData: string;
  discoveredAt: string | null;
  receivedAt: string;
  report: Record<string, unknown>;
  decision: { outcome: DecisionOutcome; decidedBy: string; decidedAt: string; reasons: string | null; delayReason: string | null } | null;
  reportedAt: string | null;
  icoReference: string | null;
  regulatorDecision: string | null;
}

/** A personal-data breach: personal data involved, and not a near-miss. */
export const isBreach = (c: Pick<CaseFacts, 'personalData' | 'occurrence'>) => c.personalData === 'yes' && c.occurrence !== 'near-miss';

/** Every case (or those discovered in the filter's dates), a page at a time, oldest discovery first. */
export async function* caseFacts(db: Kysely<RegulatorDatabase>, filter: RegisterFilter = {}, pageSize = PAGE_SIZE): AsyncGenerator<CaseFacts[]> {
  // Reports with no discovery date sort first under the empty string; the key is (discovered, id).
  let after: { discovered: string; id: string } | undefined;
  for (;;) {
    let query = db
      .selectFrom('reports')
      .select(['id', 'reference', 'kind', 'occurrence', 'personal_data', 'discovered_at', 'received_at', 'report'])
      // A follow-up that joined a case is that case's, counted once by its first report.
      .where((eb) => eb.not(isJoinedFollowUp('reports.id')))
      .orderBy('discovered_at')
      .orderBy('id')
      .limit(pageSize);
    if (filter.from) query = query.where('discovered_at', '>=', filter.from);
    if (filter.to) query = query.where('discovered_at', '<', filter.to);
    if (after) {
      const { discovered, id } = after;
      query = query.where((eb) => eb.or([eb('discovered_at', '>', discovered), eb.and([eb('discovered_at', '=', discovered), eb('id', '>', id)])]));
    }
    const rows = await query.execute();
    if (rows.length === 0) return;
    yield await withRegulatorFacts(db, rows);
    if (rows.length < pageSize) return;
    const last = rows.at(-1)!;
    // Reports stored without a discovery date cannot be paged past by date: the register leaves them out.
    if (last.discovered_at === null) return;
    after = { discovered: toIso(last.discovered_at), id: last.id };
  }
}

type ReportRow = { id: string; reference: string; kind: string; occurrence: string | null; personal_data: string; discovered_at: Date | string | null; received_at: Date | string; report: string };

async function withRegulatorFacts(db: Kysely<RegulatorDatabase>, rows: ReportRow[]): Promise<CaseFacts[]> {
  const ids = rows.map((r) => r.id);
  const [decisions, submissions, responses] = await Promise.all([
    db.selectFrom('regulator_decisions').selectAll().where('report_id', 'in', ids).execute(),
    db.selectFrom('regulator_submissions').select(['report_id', 'sent_at']).where('report_id', 'in', ids).where('report_type', '=', 'initial').execute(),
    db.selectFrom('regulator_responses').select(['report_id', 'ico_reference', 'decision', 'received_at']).where('report_id', 'in', ids).orderBy('received_at').execute(),
  ]);
  const decisionOf = new Map(decisions.map((d) => [d.report_id, d]));
  const sentOf = new Map(submissions.map((s) => [s.report_id, toIso(s.sent_at)]));
  const referenceOf = new Map<string, string>();
  const regulatorDecisionOf = new Map<string, string>();
  for (const r of responses) {
    if (r.ico_reference && !referenceOf.has(r.report_id)) referenceOf.set(r.report_id, r.ico_reference);
    if (r.decision) regulatorDecisionOf.set(r.report_id, r.decision);
  }
  return rows.map((row) => {
    const d = decisionOf.get(row.id);
    return {
      id: row.id,
      reference: row.reference,
      kind: row.kind,
      occurrence: row.occurrence,
      personalData: row.personal_data,
      discoveredAt: row.discovered_at === null ? null : toIso(row.discovered_at),
      receivedAt: toIso(row.received_at),
      report: JSON.parse(row.report),
      decision: d ? { outcome: d.outcome as DecisionOutcome, decidedBy: d.decided_by, decidedAt: toIso(d.decided_at), reasons: d.reasons, delayReason: d.delay_reason } : null,
      reportedAt: sentOf.get(row.id) ?? null,
      icoReference: referenceOf.get(row.id) ?? null,
      regulatorDecision: regulatorDecisionOf.get(row.id) ?? null,
    };
  });
}

const answer = (report: Record<string, unknown>, name: string): string => {
  const value = getAnswer(report, name);
  return value === undefined || value === null ? '' : Array.isArray(value) ? value.join(', ') : String(value);
};

export function registerEntry(c: CaseFacts): RegisterEntry {
  const r = c.report;
  return {
    reference: c.reference,
    kind: c.kind,
    discoveredAt: c.discoveredAt,
    receivedAt: c.receivedAt,
    businessArea: answer(r, 'reporter.businessArea'),
    whatHappened: answer(r, 'whatHappened'),
    dataCategories: answer(r, 'breach.dataCategories'),
    recordsConcerned: answer(r, 'breach.recordsConcerned'),
    subjectsAffected: answer(r, 'breach.subjectsAffected'),
    consequences: answer(r, 'breach.consequences'),
    actualHarm: answer(r, 'breach.actualHarm'),
    remedialAction: answer(r, 'breach.actionsTaken') || answer(r, 'actionsSoFar'),
    decision: c.decision ? outcomeLabel(c.decision.outcome) : 'No decision recorded',
    decidedBy: c.decision?.decidedBy ?? '',
    decidedAt: c.decision?.decidedAt ?? '',
    decisionReasons: c.decision?.reasons ?? '',
    delayReason: c.decision?.delayReason ?? answer(r, 'breach.delayReason'),
    reportedAt: c.reportedAt ?? '',
    icoReference: c.icoReference ?? '',
    regulatorDecision: c.regulatorDecision ?? '',
  };
}

/** The register's entries, a page at a time. */
export async function* registerPages(db: Kysely<RegulatorDatabase>, filter: RegisterFilter = {}): AsyncGenerator<RegisterEntry[]> {
  for await (const page of caseFacts(db, filter)) yield page.filter(isBreach).map(registerEntry);
}

export const REGISTER_COLUMNS: readonly { key: keyof RegisterEntry; header: string }[] = [
  { key: 'reference', header: 'Reference' },
  { key: 'kind', header: 'Kind' },
  { key: 'discoveredAt', header: 'Discovered' },
  { key: 'receivedAt', header: 'Reported to the team' },
  { key: 'businessArea', header: 'Business area' },
  { key: 'whatHappened', header: 'What happened' },
  { key: 'dataCategories', header: 'Categories of personal data' },
  { key: 'recordsConcerned', header: 'Records concerned' },
  { key: 'subjectsAffected', header: 'Data subjects affected' },
  { key: 'consequences', header: 'Potential consequences' },
  { key: 'actualHarm', header: 'Actual harm' },
  { key: 'remedialAction', header: 'Remedial action' },
  { key: 'decision', header: 'Decision' },
  { key: 'decidedBy', header: 'Decided by' },
  { key: 'decidedAt', header: 'Decided at' },
  { key: 'decisionReasons', header: 'Reasons' },
  { key: 'delayReason', header: 'Reason for delay' },
  { key: 'reportedAt', header: 'Reported to the regulator' },
  { key: 'icoReference', header: 'ICO reference' },
  { key: 'regulatorDecision', header: "Regulator's decision" },
];
