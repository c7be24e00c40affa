// The regulator's side of a case in the console (issue 10): the record, the decision (DPO only), the forms
// sent, the regulator's answers and who was told (DPO or incident manager), the form as a Word document, and
// the breach register and quarterly return with their CSV exports. Each write commits with its audit row,
// so it is on the case's timeline and in the verifiable chain, or neither.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod';
import { appendAudit } from '../audit/audit-log.ts';
import { ApiError } from '../errors.ts';
import { icoFormDocx, DOCX_MEDIA_TYPE } from '../forms/ico-form-docx.ts';
import { icoFormBlocks, type IcoFormInput, type OrganisationDetails } from '../forms/ico-form.ts';
import { isReasonForReport } from '../../shared/regulator-decision.ts';
import { RegulatorStore, type RegulatorRecord } from '../regulator/regulator-store.ts';
import type { RegulatorDatabase } from '../regulator/regulator-tables.ts';
import { csvStream } from '../register/csv.ts';
import { lastQuarters, quarterlyReturn, RETURN_COLUMNS } from '../register/quarterly-return.ts';
import { REGISTER_COLUMNS, registerPages, type RegisterEntry, type RegisterFilter } from '../register/register.ts';
import { returnChartSvg } from '../register/return-chart.ts';
import { NO_DEADLINE, type CaseStore } from '../storage/case-store.ts';
import { writeTransaction } from '../storage/write-transaction.ts';
import { followUpsOf } from '../follow-ups/follow-ups.ts';
import type { Report } from '../../shared/report.ts';
import { READ_ROLES, requireUser, WRITE_ROLES, type ConsoleRole, type ConsoleUser } from './access.ts';

/** The register page shows at most this many entries; the CSV has them all. */
export const REGISTER_PAGE_LIMIT = 1000;

const dateOnly = z.iso.date();
const registerQuery = z.object({ from: dateOnly.optional(), to: dateOnly.optional() }).strict();
const formQuery = z.object({ type: z.enum(['initial', 'follow-up']).default('initial') }).strict();
const idSchema = z.uuid();

function parseOr400<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) throw new ApiError(400, 'invalid_request', `The ${what} is not valid`, result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return result.data;
}

/** Dates as typed on the register page (UK days, inclusive) as the register's instants ("to" is exclusive). */
export function registerFilterOf(query: unknown): RegisterFilter {
  const { from, to } = parseOr400(registerQuery, query, 'date filter');
  if (from && to && to < from) throw new ApiError(400, 'invalid_request', 'The "to" date is before the "from" date');
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
  return { ...(from && { from: new Date(`${from}T00:00:00Z`).toISOString() }), ...(to && { to: nextDay(to) }) };
}

function reportId(params: { id: string }): string {
  if (!idSchema.safeParse(params.id).success) throw new ApiError(400, 'invalid_id', 'The case id must be a UUID');
  return params.id.toLowerCase();
}

/** A report's answers with a follow-up's over them, section by section (the follow-up names whole sections). */
export function withFollowUp(report: Report, answers: Record<string, unknown> | null): Report {
  const merged: Record<string, unknown> = { ...(report as unknown as Record<string, unknown>) };
  for (const [key, value] of Object.entries(answers ?? {})) {
    const base = merged[key];
    merged[key] = base && typeof base === 'object' && value && typeof value === 'object' && !Array.isArray(value) ? { ...base, ...value } : value;
  }
  return merged as unknown as Report;
}

/**
 * What the form needs from a case: its report and the decision. A follow-up form starts from the latest
 * follow-up report that joined the case (a whole report), else the case's report, with the answers of the
 * latest follow-up recorded as sent over it.
 */
export function formInputOf(
  report: Report,
  record: RegulatorRecord,
  type: 'initial' | 'follow-up',
  organisation: OrganisationDetails,
  sender: ConsoleUser,
  latestFollowUpReport?: Report,
): IcoFormInput {
  let answers = report;
  if (type === 'follow-up') {
    const followUp = record.submissions.filter((s) => s.reportType === 'follow-up').at(-1);
    const merged = withFollowUp(latestFollowUpReport ?? report, followUp?.answers ?? null) as Report & { breach?: Record<string, unknown> };
    answers = { ...merged, breach: { ...merged.breach, reportType: 'follow-up', icoCaseReference: merged.breach?.icoCaseReference ?? record.icoReference ?? undefined } } as Report;
  }
  const outcome = record.decision?.outcome;
  return { report: answers, reason: outcome && isReasonForReport(outcome) ? outcome : undefined, organisation, sender: { name: sender.name, email: sender.email } };
}

const WRITES = {
  decision: { roles: ['dpo'] as ConsoleRole[], action: 'regulator-decision', by: 'decidedBy', at: 'decidedAt', write: (s: RegulatorStore, id: string, body: object) => s.recordDecision(id, body as never) },
  submission: { roles: WRITE_ROLES, action: 'regulator-form-sent', by: 'sentBy', at: 'sentAt', write: (s: RegulatorStore, id: string, body: object) => s.recordSubmission(id, body as never) },
  response: { roles: WRITE_ROLES, action: 'regulator-response', by: 'recordedBy', at: 'receivedAt', write: (s: RegulatorStore, id: string, body: object) => s.recordResponse(id, body as never) },
  told: { roles: WRITE_ROLES, action: 'people-told', by: 'toldBy', at: 'toldAt', write: (s: RegulatorStore, id: string, body: object) => s.recordTold(id, body as never) },
} as const;

export const regulatorRoutes: FastifyPluginAsync<{ cases: CaseStore; organisation: OrganisationDetails; findCase: (id: string) => Promise<void> }> = async (
  app,
  { cases, organisation, findCase },
) => {
  const db = cases.db.withTables<import('../regulator/regulator-tables.ts').RegulatorTables>() as unknown as import('kysely').Kysely<RegulatorDatabase>;
  const regulator = new RegulatorStore(db);

  app.get<{ Params: { id: string } }>('/console/cases/:id/regulator', async (request) => {
    requireUser(request, READ_ROLES);
    const id = reportId(request.params);
    await findCase(id);
    return regulator.record(id);
  });

  for (const [path, spec] of Object.entries(WRITES)) {
    app.post<{ Params: { id: string } }>(`/console/cases/:id/regulator/${path}`, async (request, reply) => {
      const user = requireUser(request, spec.roles);
      const id = reportId(request.params);
      if (!request.body || typeof request.body !== 'object' || Array.isArray(request.body)) throw new ApiError(400, 'invalid_request', 'Send the record as a JSON object');
      await findCase(id);
      // Who recorded it is the person signed in, never what the page says; when, unless given, is now.
      const body = { [spec.at]: new Date().toISOString(), ...(request.body as object), [spec.by]: user.name };
      const saved = await writeTransaction(cases.db, cases.dialect, async (trx) => {
        const result = await spec.write(new RegulatorStore(trx as unknown as import('kysely').Kysely<RegulatorDatabase>), id, body);
        // A decided case no longer waits on the regulator's clock: the queue puts undecided ones first.
        if (path === 'decision') await trx.updateTable('cases').set({ sort_deadline: NO_DEADLINE }).where('report_id', '=', id).execute();
        await appendAudit(trx, cases.dialect, user, [{ caseId: id, action: spec.action, newValue: result }]);
        return result;
      });
      return reply.code(201).send(saved);
    });
  }

  /** The form's input for the case in the request, as the person asking would send it. */
  const formInput = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const user = requireUser(request, READ_ROLES);
    const id = reportId(request.params);
    const { type } = parseOr400(formQuery, request.query, 'form request');
    await findCase(id);
    const row = await cases.db.selectFrom('reports').select(['report', 'reference']).where('id', '=', id).executeTakeFirstOrThrow();
    const record = await regulator.record(id);
    const latestFollowUp = type === 'follow-up' ? (await followUpsOf(cases.db, id)).at(-1)?.report : undefined;
    return { type, reference: row.reference, input: formInputOf(JSON.parse(row.report) as Report, record, type, organisation, user, latestFollowUp as Report | undefined) };
  };

  // The print view's blocks: the same blocks the Word document is made of, so the two cannot differ.
  app.get<{ Params: { id: string } }>('/console/cases/:id/regulator/form', async (request) => ({ blocks: icoFormBlocks((await formInput(request)).input) }));

  app.get<{ Params: { id: string } }>('/console/cases/:id/regulator/form.docx', async (request, reply) => {
    const { type, reference, input } = await formInput(request);
    return reply
      .type(DOCX_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename="${reference}-ico-${type}.docx"`)
      .send(await icoFormDocx(input));
  });

  app.get('/console/register', async (request) => {
    requireUser(request, READ_ROLES);
    const filter = registerFilterOf(request.query);
    const entries: RegisterEntry[] = [];
    let more = false;
    for await (const page of registerPages(db, filter)) {
      entries.push(...page);
      if (entries.length > REGISTER_PAGE_LIMIT) {
        more = true;
        break;
      }
    }
    return { columns: REGISTER_COLUMNS, entries: entries.slice(0, REGISTER_PAGE_LIMIT), more };
  });

  app.get('/console/register.csv', async (request, reply) => {
    requireUser(request, READ_ROLES);
    return sendCsv(reply, 'breach-register.csv', csvStream(REGISTER_COLUMNS, registerPages(db, registerFilterOf(request.query))));
  });

  app.get('/console/return', async (request) => {
    requireUser(request, READ_ROLES);
    const rows = await quarterlyReturn(db, registerFilterOf(request.query));
    const quarters = lastQuarters(new Date());
    return { columns: RETURN_COLUMNS, rows, quarters, chartSvg: returnChartSvg(rows, quarters) };
  });

  app.get('/console/return.csv', async (request, reply) => {
    requireUser(request, READ_ROLES);
    const rows = await quarterlyReturn(db, registerFilterOf(request.query));
    return sendCsv(reply, 'quarterly-return.csv', csvStream(RETURN_COLUMNS, (async function* () { yield rows; })()));
  });
};

function sendCsv(reply: FastifyReply, filename: string, stream: NodeJS.ReadableStream) {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
}
