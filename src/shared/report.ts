// The report contract, derived from the question catalogue (questions.ts): one zod schema shared by the page
// (every "Continue" and submit), the service worker and the endpoint (intake). Only the checks that span
// several answers are written here by hand. zod/mini keeps the page's bundle small.
import * as z from 'zod/mini';
import {
  REPORT_SCHEMA_VERSION,
  SUPPORTED_SCHEMA_VERSIONS,
  answersNotSent,
  applies,
  appliesMemo,
  catalogue,
  getAnswer,
  isBlank,
  isInvisibleText,
  isRequired,
  optionsFor,
  pruneAnswers,
  questionsFor,
  type Answers,
} from './catalogue.ts';
import { compareParts, isRealDate, isTime, isValidTimeZone, toInstant, type DateTimeParts } from './dates.ts';
import { reportKinds, valuesOf, type Option, type ReportKind } from './options.ts';
import type { Question, questions } from './questions.ts';
import { REFERENCE_PATTERN, TYPED_REFERENCE_PATTERN } from './reference.ts';
import { upgradeAnswers, type Step } from './report-upgrade.ts';
import { FORBIDDEN_ALL, FORBIDDEN_MESSAGE, hasForbidden, normaliseText } from './text-rules.ts';

export { REPORT_SCHEMA_VERSION, SUPPORTED_SCHEMA_VERSIONS, answersNotSent, pruneAnswers };
export type { DateTimeParts, ReportKind, Step };
export { MAX_TEXT } from './questions.ts';

// ------------------------------------------------------------------------------------ types (derived)
type Declared = (typeof questions)[number];
type ValueOf<Q> = Q extends { input: 'radios'; options: readonly { value: infer V }[] }
  ? V
  : Q extends { input: 'checkboxes'; options: readonly { value: infer V }[] }
    ? V[]
    : Q extends { input: 'datetime' | 'date' }
      ? DateTimeParts
      : Q extends { input: 'flag' }
        ? boolean
        : Q extends { input: 'steps' }
          ? Step[]
          : string;
type Section<P extends string> = { [Q in Declared as Q['name'] extends `${P}.${infer N}` ? N : never]?: ValueOf<Q> };
type TopLevel = { [Q in Declared as Q['name'] extends `${string}.${string}` ? never : Q['name']]?: ValueOf<Q> };

/** Every answer a report can hold (which ones it must hold depends on its kind and its other answers). */
export type ReportAnswers = TopLevel & { reporter?: Section<'reporter'>; breach?: Section<'breach'> };
export interface ReportIdentity {
  schemaVersion: number;
  id: string;
  reference: string;
  createdAt: string;
  timeZone: string;
  kind: ReportKind;
}
export type Report = ReportIdentity & ReportAnswers;
export type BreachAnswers = NonNullable<ReportAnswers['breach']>;
export type ReporterAnswers = NonNullable<ReportAnswers['reporter']>;
export type LostDeviceReport = Report & { kind: 'lost-device' };
export type CompromisedReport = Report & { kind: 'compromised' };
export type DataBreachReport = Report & { kind: 'data-breach' };
export type OtherReport = Report & { kind: 'other' };
/** What a draft holds: any subset of the answers, as typed so far. */
export type DraftAnswers = ReportAnswers;
export type FieldErrors = { path: string; message: string }[];

// ------------------------------------------------------------------------------------------- text rules (text-rules.ts)
/** Names the question, so the error summary says which answer is too long. */
const tooLong = (max: number, label: string) => `The answer to "${label.replace(/ \(optional\)$/, '')}" must be ${max.toLocaleString('en-GB')} characters or fewer`;

const cleanText = (max: number, label: string, message = 'Enter text') =>
  z.string({ error: message }).check(
    // Text made only of spaces and invisible characters is no answer at all.
    z.overwrite(normaliseText),
    z.refine((v) => !hasForbidden(v), FORBIDDEN_MESSAGE),
    z.maxLength(max, tooLong(max, label)),
  );

const FORMATS: Record<string, { pattern: RegExp; message: string }> = {
  email: { pattern: /^$|^[^\s@]+@[^\s@]+\.[^\s@]+$/, message: 'Enter an email address in the correct format, like name@justice.gov.uk' },
  phone: { pattern: /^$|^[+()\d][\d\s()+-]{5,24}$/, message: 'Enter a phone number, like 01632 960 001 or 07700 900 982' },
  // The regulator's case references: "IC-31191-G5C6".
  'ico-reference': { pattern: /^$|^IC-\d{4,6}-[A-Z0-9]{4}$/i, message: 'Enter the ICO case reference in the form it was given, like IC-31191-G5C6' },
  // The department's own references: "7KQ2M-XH4PD", typed in either case, with or without the hyphen.
  'report-reference': { pattern: new RegExp(`^$|${TYPED_REFERENCE_PATTERN.source}`, 'i'), message: 'Enter the reference as it was shown, 10 letters and numbers like 7KQ2M-XH4PD' },
};

/** Text as the schema keeps it: trimmed, NFC, and nothing at all when only invisible characters were typed. */

const COUNT = /^(not-known|\d{1,3}(,\d{3})*|\d+)$/;
const MAX_COUNT_DIGITS = 12;

const dateParts = (about: string, time: 'required' | 'optional' | 'none') =>
  z
    .strictObject({
      day: z.string({ error: `Enter the date ${about}` }).check(z.maxLength(4, `Enter the date ${about} as numbers`)),
      month: z.string({ error: `Enter the date ${about}` }).check(z.maxLength(4, `Enter the date ${about} as numbers`)),
      year: z.string({ error: `Enter the date ${about}` }).check(z.maxLength(6, `Enter the date ${about} as numbers`)),
      time: z.optional(z.string({ error: `Enter the time ${about}` }).check(z.maxLength(8, `Enter the time ${about} as hours and minutes`))),
    }, { error: `Enter the date ${about}` })
    .check(
      z.superRefine((v, ctx) => {
        const issue = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', message, path, input: v });
        if (!v.day || !v.month || !v.year) issue(`Enter the date ${about}`);
        else if (!/^\s*\d{4}\s*$/.test(v.year) && /^\s*\d{1,3}\s*$/.test(v.year)) issue('Year must include 4 numbers');
        else if (!isRealDate(v)) issue(`The date ${about} must be a real date`);
        if (time === 'none') {
          if (v.time) issue(`Give the date ${about} without a time`, ['time']);
        } else if (v.time ? !isTime(v.time) : time === 'required') {
          issue(v.time ? `Enter the time ${about} as hours and minutes, like 16:42` : `Enter the time ${about}`, ['time']);
        }
      }),
    );

function ticks(question: Question & { options: readonly Option[] }, kind: ReportKind) {
  const message = question.required ?? 'Select the options that apply';
  const options = optionsFor(question.options, kind);
  return z.array(z.enum(valuesOf(options), { error: message }), { error: message }).check(
    z.maxLength(options.length, message),
    z.refine((values) => new Set(values).size === values.length, 'Each option can only be ticked once'),
  );
}

/** The check of one answer's own value (whether it must be there is decided across answers, below). */
/** `kind`: some options are offered only in some kinds of report. */
export function validatorOf(question: Question, kind: ReportKind): z.ZodMiniType {
  switch (question.input) {
    case 'radios':
      return z.enum(valuesOf(optionsFor(question.options, kind)), { error: question.required ?? 'Select one of the options' });
    case 'checkboxes':
      return ticks(question, kind);
    case 'text': {
      const base = cleanText(question.max, question.label, question.required);
      const format = question.format && FORMATS[question.format];
      return format ? base.check(z.regex(format.pattern, format.message)) : base;
    }
    case 'textarea':
      return cleanText(question.max, question.label, question.required);
    case 'datetime':
      return dateParts(question.about, question.timeOptional ? 'optional' : 'required');
    case 'date':
      return dateParts(question.about, 'none');
    case 'count': {
      const message = `${question.required ?? 'Enter a number'}.`.replace(/\.\.$/, '.');
      return z.string({ error: message }).check(
        z.trim(),
        z.maxLength(MAX_COUNT_DIGITS + 4, 'Enter a number of 12 digits or fewer'),
        z.regex(COUNT, 'Enter the number as digits, like 120 or 121,109. If you do not know it exactly, enter your best estimate and tick "This is an estimate"'),
      );
    }
    case 'flag':
      return z.boolean({ error: 'Tick the box or leave it empty' });
    case 'steps':
      return stepList(question);
  }
}

const isBlankDate = (v: unknown) => v === undefined || (typeof v === 'object' && v !== null && ['day', 'month', 'year', 'time'].every((k) => isBlank((v as Record<string, unknown>)[k])));
/** A row added on the page and left empty: not a step at all. */
const isEmptyRow = (row: unknown) => typeof row === 'object' && row !== null && isBlank((row as Step).step) && isBlankDate((row as Step).completeBy);

/**
 * Steps, each with the date it will be completed. Rows left empty are dropped; every message names its row
 * ("Describe step 2", "The date step 2 will be completed must be a real date"). Whether each step must have a
 * date depends on the report's version (crossChecks).
 */
function stepList(question: Extract<Question, { input: 'steps' }>) {
  const listMessage = 'Enter the steps as a list of steps, each with the date it will be completed';
  return z.array(z.unknown(), { error: listMessage }).check(
    z.overwrite((rows) =>
      rows.filter((row) => !isEmptyRow(row)).map((row) => (typeof row === 'object' && row !== null && typeof (row as Step).step === 'string' ? { ...row, step: normaliseText((row as Step).step) } : row)),
    ),
    z.maxLength(question.maxSteps, `Enter ${question.maxSteps} steps or fewer`),
    z.superRefine((rows, ctx) => {
      rows.forEach((row, i) => {
        const n = i + 1;
        const add = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', message, path: [i, ...path], input: row });
        if (typeof row !== 'object' || row === null || Array.isArray(row)) return add([], listMessage);
        for (const key of Object.keys(row)) if (key !== 'step' && key !== 'completeBy') add([key], 'This field is not part of a step');
        const { step, completeBy } = row as Step;
        if (isBlank(step)) add(['step'], `Describe step ${n}`);
        else for (const issue of cleanText(question.max, `Step ${n}`).safeParse(step).error?.issues ?? []) add(['step'], issue.message);
        if (completeBy === undefined) return;
        for (const issue of dateParts(`step ${n} will be completed`, 'none').safeParse(completeBy).error?.issues ?? []) {
          add(['completeBy', ...issue.path], issue.message.toLowerCase().includes(`step ${n} `) ? issue.message : `Step ${n}: ${issue.message[0]!.toLowerCase()}${issue.message.slice(1)}`);
        }
      });
    }),
  );
}

// ---------------------------------------------------------------------------------------- the schema
const LOWER_UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Reports are dated by the device; a year outside this window is a broken clock or a forged report.
const EARLIEST_CREATED = Date.UTC(2019, 0, 1);
const LATEST_CREATED = Date.UTC(2100, 0, 1);
/** A discovery this long after the report was started is in the future (device clocks drift a little). */
export const DISCOVERY_SLACK_MS = 5 * 60_000;

const identity = {
  schemaVersion: z.union(SUPPORTED_SCHEMA_VERSIONS.map((v) => z.literal(v)) as unknown as [z.ZodMiniLiteral<1>, z.ZodMiniLiteral<2>], {
    error: `This version of the report is not supported: update the app (supported: ${SUPPORTED_SCHEMA_VERSIONS.join(', ')})`,
  }),
  id: z.string({ error: 'The report id must be a UUID' }).check(z.regex(LOWER_UUID_V4, 'The report id must be a random (version 4) UUID in lower case')),
  reference: z.string({ error: 'The reference must be 10 characters from the reference alphabet' }).check(z.regex(REFERENCE_PATTERN, 'The reference must be 10 characters from the reference alphabet')),
  createdAt: z.iso.datetime({ offset: true, error: 'createdAt must be a date and time' }).check(
    z.refine((v) => {
      const t = Date.parse(v);
      return t >= EARLIEST_CREATED && t < LATEST_CREATED;
    }, 'createdAt must be between 2019 and 2100'),
  ),
  timeZone: z.string({ error: 'The time zone must be an IANA time zone name, like Europe/London' }).check(
    z.maxLength(64, 'The time zone must be an IANA time zone name, like Europe/London'),
    z.refine(isValidTimeZone, 'The time zone must be an IANA time zone name, like Europe/London'),
  ),
};

function shapeFor(kind: ReportKind) {
  const top: Record<string, z.ZodMiniType> = {};
  const sections: Record<string, Record<string, z.ZodMiniType>> = {};
  // Every version's questions are accepted in the shape; whether an answer may be there is checked below.
  for (const question of catalogue.filter((q) => !q.kinds || (q.kinds as readonly string[]).includes(kind))) {
    const [head, child] = question.name.split('.') as [string, string?];
    if (child) (sections[head] ??= {})[child] = z.optional(validatorOf(question, kind));
    else top[head] = z.optional(validatorOf(question, kind));
  }
  for (const [name, shape] of Object.entries(sections)) top[name] = z.optional(z.strictObject(shape, { error: 'Answer the questions of this section' }));
  return z.strictObject({ ...identity, ...top, kind: z.literal(kind) });
}

// Every question a report of each kind may hold, in any version (checked for every report: listed once).
const everyQuestionOf = Object.fromEntries(reportKinds.map((k) => [k.value, questionsFor(k.value, 1)])) as Record<ReportKind, Question[]>;

const reportIssues = z.superRefine<Answers>(
  (report, ctx) => {
    if (typeof report !== 'object' || report === null || !reportKinds.some((k) => k.value === report.kind)) return;
    const kind = report.kind as ReportKind;
    const version = typeof report.schemaVersion === 'number' ? report.schemaVersion : REPORT_SCHEMA_VERSION;
    const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', message, path: path.split('.'), input: undefined });
    const memo = appliesMemo();
    for (const question of everyQuestionOf[kind]) {
      const value = getAnswer(report, question.name);
      if (applies(question, report, kind, version, memo)) {
        if (isRequired(question, version, report, kind, memo) && isBlank(value)) add(question.name, question.required!);
        if (question.input !== 'checkboxes' || !question.exclusive) continue;
        const exclusive = question.exclusive;
        if (version >= 2 && Array.isArray(value) && value.includes(exclusive) && value.length > 1) {
          const label = question.options.find((o) => o.value === exclusive)?.label;
          add(question.name, `Select "${label}" on its own, or the options that apply without it`);
        }
      } else if (!isBlank(value)) {
        // An answer left over from a changed earlier answer: the device prunes these (pruneAnswers), so one
        // arriving here means a client that would store more than the process needs.
        add(question.name, 'This answer does not apply given the other answers');
      }
    }
    crossChecks(report, version, add);
  },
  // Run even when single answers failed, so that a page shows its own conditional errors before the rest
  // of the report is complete.
  { when: () => true },
);

// The questions answered as a list of steps (looked for in every report of version 2 or later).
const stepQuestions = catalogue.filter((q) => q.input === 'steps');

function crossChecks(report: Answers, version: number, add: (path: string, message: string) => void) {
  // Version 1 asked for the steps and their dates in one free-text answer; since version 2 each step has its own.
  if (version >= 2) {
    for (const question of stepQuestions) {
      const rows = getAnswer(report, question.name);
      if (!Array.isArray(rows) || !applies(question, report, report.kind as ReportKind, version)) continue;
      rows.forEach((row: unknown, i) => {
        if (typeof row === 'object' && row !== null && (row as Step).completeBy === undefined) add(`${question.name}.${i}.completeBy`, `Enter the date step ${i + 1} will be completed`);
      });
    }
  }
  const real = (p: unknown): p is DateTimeParts => !!p && typeof p === 'object' && isRealDate(p as DateTimeParts);
  const happened = real(report.happenedAt) ? report.happenedAt : undefined;
  const discovered = real(report.discoveredAt) ? report.discoveredAt : undefined;
  if (report.happenedKnown === 'yes' && happened && discovered && compareParts(happened, discovered) > 0) {
    add('happenedAt', 'It cannot have happened after it was discovered: check both dates');
  }
  // The endpoint never compares with its own clock (a report may arrive weeks later): only with when the
  // report was started on the device.
  if (version >= 2 && discovered && typeof report.createdAt === 'string' && isValidTimeZone(report.timeZone)) {
    const at = toInstant(discovered, report.timeZone);
    if (at && at.getTime() > Date.parse(report.createdAt) + DISCOVERY_SLACK_MS) add('discoveredAt', 'The date and time it was discovered cannot be in the future');
  }
}

/** A submitted report: must pass in full on the device before it enters the outbox, and again at the endpoint. */
export const reportSchema = z
  .discriminatedUnion('kind', reportKinds.map((k) => shapeFor(k.value)) as unknown as [ReturnType<typeof shapeFor>, ...ReturnType<typeof shapeFor>[]])
  .check(reportIssues);

/**
 * Reports of schema version 1 were written before text was checked for control characters: the device that
 * queued one may no longer be able to correct it, so they are cleaned rather than refused.
 */
export function normaliseLegacyReport(candidate: unknown): unknown {
  if (typeof candidate !== 'object' || candidate === null || (candidate as Answers).schemaVersion !== 1) return candidate;
  const clean = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const text = value.replace(FORBIDDEN_ALL, '').normalize('NFC');
      return isInvisibleText(text) ? undefined : text;
    }
    if (Array.isArray(value)) return value.map(clean);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]).filter(([, v]) => v !== undefined));
    }
    return value;
  };
  return clean(candidate);
}

/** Validates a report; the errors name the field (dotted path) so pages and API callers can point at it. */
export function validateReport(candidate: unknown): { ok: true; report: Report } | { ok: false; errors: FieldErrors } {
  const result = reportSchema.safeParse(upgradeAnswers(normaliseLegacyReport(candidate)));
  if (result.success) return { ok: true, report: result.data as Report };
  return { ok: false, errors: issuesToFieldErrors(result.error.issues) };
}

export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string; code?: string; keys?: readonly string[] }[]): FieldErrors {
  const seen = new Set<string>();
  const errors: FieldErrors = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    const paths = issue.code === 'unrecognized_keys' && issue.keys ? issue.keys.map((k) => [...base, k].join('.')) : [base.join('.')];
    for (const path of paths) {
      const message = issue.code === 'unrecognized_keys' ? 'This field is not part of a report' : issue.message;
      if (seen.has(path)) continue;
      seen.add(path);
      errors.push({ path, message });
    }
  }
  return errors;
}

/** The full report a draft would become, without answers that no longer apply. */
export function reportFromDraft(draft: {
  id: string; reference: string; kind: ReportKind; createdAt: string; timeZone: string; answers: DraftAnswers;
}): unknown {
  return {
    ...pruneAnswers(draft.answers as Answers, draft.kind),
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: draft.id,
    reference: draft.reference,
    kind: draft.kind,
    createdAt: draft.createdAt,
    timeZone: draft.timeZone,
  };
}
