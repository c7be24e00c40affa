// The regulator's side of a case: the decision, the forms sent, the regulator's answers and who was told.
// Each write is checked first (bad input is refused with a message and changes nothing) and is one statement
// or one transaction. The console's routes call these; so does `npm run demo`.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as z from 'zod';
import { questionNamed } from '../../shared/catalogue.ts';
import { validatorOf } from '../../shared/report.ts';
import { ApiError } from '../errors.ts';
import { toIso } from '../storage/tables.ts';
import { DECISION_OUTCOMES, isReasonForReport, type DecisionOutcome } from './decision.ts';
import type { ReportStore } from '../storage/report-store.ts';
import type { RegulatorDatabase, RegulatorTables } from './regulator-tables.ts';

const MAX_TEXT = 5000;
const MAX_NAME = 200;
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));
const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());

export const decisionInput = z.object({
  outcome: z.enum(DECISION_OUTCOMES),
  decidedBy: text(MAX_NAME),
  decidedAt: instant,
  reasons: optionalText(MAX_TEXT),
  delayReason: optionalText(MAX_TEXT),
});
export type DecisionInput = z.input<typeof decisionInput>;

export const submissionInput = z.object({
  reportType: z.enum(['initial', 'follow-up']),
  sentAt: instant,
  sentBy: text(MAX_NAME),
  /** A follow-up's answers over the report's (the catalogue's breach section). */
  answers: z.record(z.string(), z.unknown()).optional(),
});
export type SubmissionInput = z.input<typeof submissionInput>;

const icoReferenceValidator = validatorOf(questionNamed('breach.icoCaseReference')!, 'data-breach');
export const responseInput = z.object({
  kind: z.enum(['acknowledgement', 'case-officer', 'decision']),
  receivedAt: instant,
  icoReference: optionalText(40).refine((v) => v === undefined || icoReferenceValidator.safeParse(v).success, {
    message: 'Enter the ICO case reference in the form it was given, like IC-31191-G5C6',
  }),
  caseOfficer: optionalText(MAX_NAME),
  decision: optionalText(MAX_TEXT),
  recommendations: optionalText(MAX_TEXT),
  recordedBy: text(MAX_NAME),
});
export type ResponseInput = z.input<typeof responseInput>;

export const toldInput = z.object({
  audience: z.enum(['data-subjects', 'organisation']),
  organisation: optionalText(MAX_NAME),
  toldAt: instant,
  method: text(1000),
  toldBy: text(MAX_NAME),
});
export type ToldInput = z.input<typeof toldInput>;

export interface Decision {
  outcome: DecisionOutcome;
  decidedBy: string;
  decidedAt: string;
  reasons: string | null;
  delayReason: string | null;
}
export interface Submission {
  id: string;
  reportType: 'initial' | 'follow-up';
  initialId: string | null;
  sentAt: string;
  sentBy: string;
  answers: Record<string, unknown> | null;
}
export interface RegulatorResponse {
  id: string;
  kind: 'acknowledgement' | 'case-officer' | 'decision';
  receivedAt: string;
  icoReference: string | null;
  caseOfficer: string | null;
  decision: string | null;
  recommendations: string | null;
  recordedBy: string;
}
export interface Told {
  id: string;
  audience: 'data-subjects' | 'organisation';
  organisation: string | null;
  toldAt: string;
  method: string;
  toldBy: string;
}
export interface RegulatorRecord {
  decision: Decision | null;
  submissions: Submission[];
  responses: RegulatorResponse[];
  told: Told[];
  /** The regulator's case reference, from its acknowledgement (or any later answer). */
  icoReference: string | null;
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ApiError(
    400,
    'invalid_input',
    'The record is not valid',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}

const refuse = (code: string, message: string) => new ApiError(409, code, message);

/** The report store's connection, with the regulator's tables (0005_regulator) known to the compiler. */
export function regulatorDb(store: ReportStore): Kysely<RegulatorDatabase> {
  return store.db.withTables<RegulatorTables>();
}

/** The regulator's records over the report store's connection. */
export function regulatorStoreOf(store: ReportStore): RegulatorStore {
  return new RegulatorStore(regulatorDb(store));
}

export class RegulatorStore {
  constructor(readonly db: Kysely<RegulatorDatabase>) {}

  private async caseFacts(reportId: string) {
    const row = await this.db.selectFrom('reports').select(['id', 'personal_data', 'regulator_deadline']).where('id', '=', reportId.toLowerCase()).executeTakeFirst();
    if (!row) throw new ApiError(404, 'not_found', 'There is no case with this id');
    return { id: row.id, personalData: row.personal_data, deadline: row.regulator_deadline === null ? null : toIso(row.regulator_deadline) };
  }

  /** Records (or replaces) the data protection officer's decision. */
  async recordDecision(reportId: string, input: DecisionInput): Promise<Decision> {
    const d = parse(decisionInput, input);
    const facts = await this.caseFacts(reportId);
    if (facts.personalData === 'no') throw refuse('no_personal_data', 'This case does not involve personal data: there is nothing to decide about the regulator');
    if (d.outcome === 'not-reporting' && !d.reasons) throw new ApiError(400, 'invalid_input', 'Say why the breach is not reported', [{ path: 'reasons', message: 'Say why the breach is not reported to the regulator' }]);
    if (facts.deadline && d.decidedAt > facts.deadline && isReasonForReport(d.outcome) && !d.delayReason) {
      throw new ApiError(400, 'invalid_input', 'The decision is past the 72 hours: say why', [{ path: 'delayReason', message: 'Explain the delay past the 72 hours' }]);
    }
    const row = {
      report_id: facts.id,
      outcome: d.outcome,
      decided_by: d.decidedBy,
      decided_at: d.decidedAt,
      reasons: d.reasons ?? null,
      delay_reason: d.delayReason ?? null,
      recorded_at: new Date().toISOString(),
    };
    await this.db
      .insertInto('regulator_decisions')
      .values(row)
      .onConflict((oc) => oc.column('report_id').doUpdateSet({ ...row, report_id: undefined }))
      .execute();
    return { outcome: d.outcome, decidedBy: d.decidedBy, decidedAt: d.decidedAt, reasons: row.reasons, delayReason: row.delay_reason };
  }

  /** Records a form sent to the regulator: an initial report once a decision to report exists, a follow-up after it. */
  async recordSubmission(reportId: string, input: SubmissionInput): Promise<Submission> {
    const s = parse(submissionInput, input);
    const facts = await this.caseFacts(reportId);
    const decision = await this.db.selectFrom('regulator_decisions').select('outcome').where('report_id', '=', facts.id).executeTakeFirst();
    if (!decision || !isReasonForReport(decision.outcome)) throw refuse('no_decision_to_report', 'Record the decision to report before recording a form sent');
    const initial = await this.db
      .selectFrom('regulator_submissions')
      .select(['id', 'sent_at'])
      .where('report_id', '=', facts.id)
      .where('report_type', '=', 'initial')
      .executeTakeFirst();
    if (s.reportType === 'initial' && initial) throw refuse('already_sent', 'The initial report was already sent: record a follow-up');
    if (s.reportType === 'follow-up' && !initial) throw refuse('no_initial_report', 'A follow-up needs the initial report first');
    if (initial && s.sentAt < toIso(initial.sent_at)) throw refuse('before_initial', 'A follow-up cannot be sent before the initial report');
    const submission: Submission = {
      id: randomUUID(),
      reportType: s.reportType,
      initialId: initial?.id ?? null,
      sentAt: s.sentAt,
      sentBy: s.sentBy,
      answers: s.answers ?? null,
    };
    await this.db
      .insertInto('regulator_submissions')
      .values({
        id: submission.id,
        report_id: facts.id,
        report_type: submission.reportType,
        initial_id: submission.initialId,
        sent_at: submission.sentAt,
        sent_by: submission.sentBy,
        answers: submission.answers ? JSON.stringify(submission.answers) : null,
        recorded_at: new Date().toISOString(),
      })
      .execute();
    return submission;
  }

  /** Records what came back from the regulator. An acknowledgement carries the case reference. */
  async recordResponse(reportId: string, input: ResponseInput): Promise<RegulatorResponse> {
    const r = parse(responseInput, input);
    const facts = await this.caseFacts(reportId);
    const sent = await this.db.selectFrom('regulator_submissions').select('id').where('report_id', '=', facts.id).executeTakeFirst();
    if (!sent) throw refuse('nothing_sent', 'Nothing has been sent to the regulator for this case');
    if (r.kind === 'acknowledgement' && !r.icoReference) throw new ApiError(400, 'invalid_input', 'An acknowledgement gives the ICO case reference', [{ path: 'icoReference', message: 'Enter the ICO case reference' }]);
    if (r.kind === 'case-officer' && !r.caseOfficer) throw new ApiError(400, 'invalid_input', 'Name the case officer', [{ path: 'caseOfficer', message: 'Enter the case officer' }]);
    if (r.kind === 'decision' && !r.decision) throw new ApiError(400, 'invalid_input', "Enter the regulator's decision", [{ path: 'decision', message: "Enter the regulator's decision" }]);
    const response: RegulatorResponse = {
      id: randomUUID(),
      kind: r.kind,
      receivedAt: r.receivedAt,
      icoReference: r.icoReference?.toUpperCase() ?? null,
      caseOfficer: r.caseOfficer ?? null,
      decision: r.decision ?? null,
      recommendations: r.recommendations ?? null,
      recordedBy: r.recordedBy,
    };
    await this.db
      .insertInto('regulator_responses')
      .values({
        id: response.id,
        report_id: facts.id,
        kind: response.kind,
        received_at: response.receivedAt,
        ico_reference: response.icoReference,
        case_officer: response.caseOfficer,
        decision: response.decision,
        recommendations: response.recommendations,
        recorded_by: response.recordedBy,
        recorded_at: new Date().toISOString(),
      })
      .execute();
    return response;
  }

  /** Records that the data subjects, or another organisation, were told: when, how, by whom. */
  async recordTold(reportId: string, input: ToldInput): Promise<Told> {
    const t = parse(toldInput, input);
    const facts = await this.caseFacts(reportId);
    if (t.audience === 'organisation' && !t.organisation) throw new ApiError(400, 'invalid_input', 'Name the organisation told', [{ path: 'organisation', message: 'Enter the organisation told' }]);
    const told: Told = { id: randomUUID(), audience: t.audience, organisation: t.organisation ?? null, toldAt: t.toldAt, method: t.method, toldBy: t.toldBy };
    await this.db
      .insertInto('people_told')
      .values({
        id: told.id,
        report_id: facts.id,
        audience: told.audience,
        organisation: told.organisation,
        told_at: told.toldAt,
        method: told.method,
        told_by: told.toldBy,
        recorded_at: new Date().toISOString(),
      })
      .execute();
    return told;
  }

  async record(reportId: string): Promise<RegulatorRecord> {
    const id = reportId.toLowerCase();
    const [decision, submissions, responses, told] = await Promise.all([
      this.db.selectFrom('regulator_decisions').selectAll().where('report_id', '=', id).executeTakeFirst(),
      this.db.selectFrom('regulator_submissions').selectAll().where('report_id', '=', id).orderBy('sent_at').execute(),
      this.db.selectFrom('regulator_responses').selectAll().where('report_id', '=', id).orderBy('received_at').execute(),
      this.db.selectFrom('people_told').selectAll().where('report_id', '=', id).orderBy('told_at').execute(),
    ]);
    const mappedResponses = responses.map((r) => ({
      id: r.id,
      kind: r.kind,
      receivedAt: toIso(r.received_at),
      icoReference: r.ico_reference,
      caseOfficer: r.case_officer,
      decision: r.decision,
      recommendations: r.recommendations,
      recordedBy: r.recorded_by,
    }));
    return {
      decision: decision
        ? { outcome: decision.outcome as DecisionOutcome, decidedBy: decision.decided_by, decidedAt: toIso(decision.decided_at), reasons: decision.reasons, delayReason: decision.delay_reason }
        : null,
      submissions: submissions.map((s) => ({
        id: s.id,
        reportType: s.report_type,
        initialId: s.initial_id,
        sentAt: toIso(s.sent_at),
        sentBy: s.sent_by,
        answers: s.answers === null ? null : JSON.parse(s.answers),
      })),
      responses: mappedResponses,
      told: told.map((t) => ({ id: t.id, audience: t.audience, organisation: t.organisation, toldAt: toIso(t.told_at), method: t.method, toldBy: t.told_by })),
      icoReference: mappedResponses.find((r) => r.icoReference)?.icoReference ?? null,
    };
  }
}
