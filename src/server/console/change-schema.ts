// What a change request may hold: every field typed and capped, unknown fields refused.
import * as z from 'zod';
import { CASE_STATUSES, CENTRAL_TEAMS, MAX_ACTION, MAX_NAME, MAX_NOTE, MAX_SUMMARY, PERSONAL_DATA_DECISIONS, SEVERITIES } from '../../shared/case-model.ts';
import { reportKinds } from '../../shared/options.ts';

const version = z.number().int().min(1).max(1_000_000);
const text = (max: number, what: string) => z.string().trim().min(1, `Enter ${what}`).max(max, `${what} must be ${max} characters or fewer`);

export const caseChangeSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('triage'),
    version,
    kind: z.enum(reportKinds.map((k) => k.value) as [string, ...string[]]).optional(),
    occurrence: z.enum(['incident', 'near-miss']).optional(),
    personalData: z.enum(PERSONAL_DATA_DECISIONS).optional(),
    severity: z.enum(SEVERITIES).optional(),
  }),
  z.strictObject({
    type: z.literal('status'),
    version,
    status: z.enum(CASE_STATUSES),
    closureSummary: z.string().max(MAX_SUMMARY, `The closure summary must be ${MAX_SUMMARY} characters or fewer`).optional(),
    lessonsLearnt: z.string().max(MAX_SUMMARY, `The lessons learnt must be ${MAX_SUMMARY} characters or fewer`).optional(),
  }),
  z.strictObject({ type: z.literal('assign'), version, ownerId: z.string().min(1).max(MAX_NAME).nullable() }),
  z.strictObject({ type: z.literal('escalate'), version, team: z.enum(CENTRAL_TEAMS.map((t) => t.value) as [string, ...string[]]) }),
  z.strictObject({ type: z.literal('note'), version, text: text(MAX_NOTE, 'a note') }),
  z.strictObject({
    type: z.literal('action'),
    version,
    description: text(MAX_ACTION, 'what the action is'),
    ownerName: text(MAX_NAME, 'who owns the action'),
    dueDate: z.iso.date('Enter the due date as YYYY-MM-DD'),
  }),
  z.strictObject({ type: z.literal('action-done'), version, actionId: z.uuid() }),
]);

const optionalText = (max: number) => z.string().trim().max(max).optional().transform((v) => (v === '' ? undefined : v));

export const queueQuerySchema = z.strictObject({
  kind: optionalText(40),
  occurrence: optionalText(40),
  personalData: optionalText(40),
  severity: z.enum([...SEVERITIES, 'none']).optional().or(z.literal('').transform(() => undefined)),
  owner: optionalText(MAX_NAME),
  status: z.enum(CASE_STATUSES).optional().or(z.literal('').transform(() => undefined)),
  businessArea: optionalText(MAX_NAME),
  reference: optionalText(40),
  includeClosed: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
  after: optionalText(400),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
