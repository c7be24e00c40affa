// The report contract: one zod schema shared by the page (every "Continue" and submit), the service worker
// and the endpoint (intake). zod/mini keeps the page's first load small (about 5 KB against 22 for full zod).
import * as z from 'zod/mini';
import {
  breachReportTypes,
  compromiseSigns,
  compromisedThings,
  dataCategories,
  dataSubjectCategories,
  deviceOwners,
  deviceTypes,
  lastSeenStates,
  likelihoods,
  locations,
  lostOrStolen,
  occurrences,
  otherCategories,
  reporterRoles,
  systemEffects,
  toldDataSubjects,
  valuesOf,
  yesNo,
  yesNoDontKnow,
  yesNoNotKnown,
  type Option,
} from './options.ts';
import { compareParts, isInFuture, isRealDate, isTime, type DateTimeParts } from './dates.ts';
export type { DateTimeParts };
import { REFERENCE_PATTERN } from './reference.ts';

/** Bumped when the meaning of a field changes; the endpoint accepts every version installed apps still send. */
export const REPORT_SCHEMA_VERSION = 1 as const;
export const MAX_TEXT = 5000;

const choice = <T extends readonly Option[]>(list: T, message: string) => z.enum(valuesOf(list), { error: message });
const text = (message: string, max = MAX_TEXT) =>
  z.string({ error: message }).check(
    z.trim(),
    z.minLength(1, message),
    z.maxLength(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`),
  );
const optionalText = (max = MAX_TEXT) =>
  z.optional(z.string().check(z.trim(), z.maxLength(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`)));
const ticks = <T extends readonly Option[]>(list: T, message: string) =>
  z.array(choice(list, message), { error: message }).check(
    z.minLength(1, message),
    z.refine((values) => new Set(values).size === values.length, 'Each option can only be ticked once'),
  );

/** A date and time as the reporter gave them, in the report's time zone (the regulator's form asks the same). */
export const dateTimeParts = (what: string, timeRequired: boolean) =>
  z
    .strictObject({
      day: z.string({ error: `Enter the date ${what}` }),
      month: z.string({ error: `Enter the date ${what}` }),
      year: z.string({ error: `Enter the date ${what}` }),
      time: z.optional(z.string()),
    }, { error: `Enter the date ${what}` })
    .check(
      z.superRefine((v, ctx) => {
        if (!v.day || !v.month || !v.year) {
          ctx.addIssue({ code: 'custom', message: `Enter the date ${what}`, input: v });
        } else if (!isRealDate(v)) {
          ctx.addIssue({ code: 'custom', message: `The date ${what} must be a real date`, input: v });
        } else if (isInFuture(v)) {
          ctx.addIssue({ code: 'custom', message: `The date ${what} must be today or in the past`, input: v });
        }
        if (v.time ? !isTime(v.time) : timeRequired) {
          ctx.addIssue({
            code: 'custom',
            message: v.time ? `Enter the time ${what} as hours and minutes, like 16:42` : `Enter the time ${what}`,
            path: ['time'],
            input: v.time,
          });
        }
      }),
    );

const count = (what: string) =>
  z.string({ error: `Enter the number of ${what}, or say it is not known yet` }).check(
    z.trim(),
    z.regex(/^(not-known|\d{1,3}(,\d{3})*|\d+)$/, `Enter the number of ${what} as a whole number, like 120 or 121,109`),
  );

const reporter = z.strictObject({
  name: text('Enter your name', 200),
  email: z
    .string({ error: 'Enter your work email address' })
    .check(z.trim(), z.minLength(1, 'Enter your work email address'), z.email('Enter an email address in the correct format, like name@justice.gov.uk')),
  phone: z.optional(
    z.string().check(z.trim(), z.regex(/^$|^[+()\d][\d\s()+-]{5,24}$/, 'Enter a phone number, like 01632 960 001 or 07700 900 982')),
  ),
  businessArea: text('Enter your business area, for example HMCTS or HMPPS', 200),
  role: choice(reporterRoles, 'Select whether you are staff, a contractor or a supplier'),
  organisation: optionalText(200),
}, { error: 'Tell us who you are' });

/** The regulator's breach questions: asked when a report involves personal data. */
export const breachAnswers = z.strictObject({
  reportType: choice(breachReportTypes, 'Select whether this is an initial or a follow-up report'),
  earlierReference: optionalText(40),
  causedByCyber: choice(yesNoDontKnow, 'Select whether the breach was caused by a cyber incident'),
  howFoundOut: text('Enter how you found out about the breach'),
  dataCategories: ticks(dataCategories, 'Select the categories of personal data included, or "Not yet known"'),
  dataCategoriesOther: optionalText(1000),
  recordsConcerned: count('personal data records concerned'),
  subjectsAffected: count('data subjects who could be affected'),
  subjectCategories: ticks(dataSubjectCategories, 'Select the categories of data subjects affected, or "Not yet known"'),
  subjectCategoriesOther: optionalText(1000),
  consequences: text('Describe the potential consequences for the people affected'),
  actualHarm: optionalText(),
  likelihood: choice(likelihoods, 'Select how likely it is that the people affected will experience significant consequences'),
  likelihoodDetails: optionalText(),
  systemsAffected: z.optional(choice(yesNoDontKnow, 'Select whether the confidentiality, integrity or availability of systems was affected')),
  systemEffects: z.optional(z.array(choice(systemEffects, 'Select what was affected'))),
  organisationImpact: optionalText(),
  recoveryTime: optionalText(1000),
  staffTrained: choice(yesNoDontKnow, 'Select whether the staff member involved had data protection training in the last two years'),
  delayReason: optionalText(),
  measuresBefore: optionalText(),
  recurrenceSteps: optionalText(),
  toldDataSubjects: choice(toldDataSubjects, 'Select whether the data subjects have been told'),
  toldDataSubjectsDetails: optionalText(),
  toldOtherOrganisations: choice(yesNo, 'Select whether you have told, or will tell, other organisations'),
  otherOrganisations: optionalText(1000),
});

const common = {
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  id: z.uuid('The report id must be a UUID'),
  reference: z.string().check(z.regex(REFERENCE_PATTERN, 'The reference must be 10 characters from the reference alphabet')),
  createdAt: z.iso.datetime({ offset: true }),
  timeZone: z.string().check(z.minLength(1), z.maxLength(64)),
  occurrence: choice(occurrences, 'Select whether this was an incident or a near-miss'),
  whatHappened: text('Describe what happened'),
  happenedKnown: choice(yesNo, 'Select whether you know when it happened'),
  happenedAt: z.optional(dateTimeParts('it happened', false)),
  discoveredAt: dateTimeParts('it was discovered', true),
  location: choice(locations, 'Select where it happened'),
  locationDetails: optionalText(200),
  personalData: choice(yesNoNotKnown, 'Select whether personal data is involved'),
  actionsSoFar: optionalText(),
  serviceDeskContacted: choice(yesNo, 'Select whether you have contacted the IT Service Desk'),
  serviceDeskTicket: optionalText(40),
  lineManagerTold: choice(yesNo, 'Select whether you have told your line manager'),
  reporter,
  breach: z.optional(breachAnswers),
};

export const lostDeviceReport = z.strictObject({
  ...common,
  kind: z.literal('lost-device'),
  deviceType: choice(deviceTypes, 'Select the type of device'),
  deviceTypeDetails: optionalText(200),
  deviceOwner: choice(deviceOwners, 'Select who issued the device'),
  assetTag: optionalText(60),
  lostOrStolen: choice(lostOrStolen, 'Select whether the device was lost or stolen'),
  lastSeenState: choice(lastSeenStates, 'Select the state the device was in when you last saw it'),
  encrypted: choice(yesNoNotKnown, 'Select whether the device is encrypted'),
  dataOnDevice: text('Describe what data may be on the device, or say "none" or "not known"'),
  policeTold: choice(yesNo, 'Select whether you have told the police'),
  policeReference: optionalText(40),
});

export const compromisedReport = z.strictObject({
  ...common,
  kind: z.literal('compromised'),
  compromiseSigns: ticks(compromiseSigns, 'Select what you noticed'),
  compromisedThing: choice(compromisedThings, 'Select whether a device, an account or both are affected'),
  compromisedDetails: text('Say which device or account is affected', 1000),
});

export const dataBreachReport = z.strictObject({ ...common, kind: z.literal('data-breach') });

export const otherReport = z.strictObject({
  ...common,
  kind: z.literal('other'),
  otherCategory: choice(otherCategories, 'Select what kind of incident it was'),
});

type Answers = Record<string, any>;
/** An answer that only applies after an earlier one: required then (when `message` is set), dropped otherwise. */
type Dependent = { path: [string] | [string, string]; applies: (r: Answers) => boolean; message?: string };

const dependents: Dependent[] = [
  { path: ['happenedAt'], applies: (r) => r.happenedKnown === 'yes', message: 'Enter the date it happened' },
  { path: ['locationDetails'], applies: (r) => r.location === 'other', message: 'Say where it happened' },
  { path: ['serviceDeskTicket'], applies: (r) => r.serviceDeskContacted === 'yes', message: 'Enter the service desk ticket reference' },
  { path: ['policeReference'], applies: (r) => r.policeTold === 'yes', message: 'Enter the police incident reference' },
  { path: ['deviceTypeDetails'], applies: (r) => r.deviceType === 'other', message: 'Say what kind of device it is' },
  { path: ['breach'], applies: (r) => r.personalData === 'yes', message: 'Answer the questions about the personal data involved' },
  { path: ['reporter', 'organisation'], applies: (r) => ['contractor', 'supplier'].includes(r.reporter?.role), message: 'Enter the name of your organisation' },
  { path: ['breach', 'earlierReference'], applies: (r) => r.breach?.reportType === 'follow-up', message: 'Enter the reference of the earlier report' },
  { path: ['breach', 'delayReason'], applies: (r) => r.breach?.reportType !== 'follow-up' },
  { path: ['breach', 'measuresBefore'], applies: (r) => r.breach?.reportType === 'follow-up' },
  { path: ['breach', 'recurrenceSteps'], applies: (r) => r.breach?.reportType === 'follow-up' },
  { path: ['breach', 'dataCategoriesOther'], applies: (r) => has(r.breach?.dataCategories, 'other'), message: 'Give details of the other categories of personal data' },
  { path: ['breach', 'subjectCategoriesOther'], applies: (r) => has(r.breach?.subjectCategories, 'other'), message: 'Give details of the other categories of data subjects' },
  { path: ['breach', 'systemsAffected'], applies: (r) => r.breach?.causedByCyber === 'yes', message: 'Select whether the confidentiality, integrity or availability of systems was affected' },
  { path: ['breach', 'systemEffects'], applies: (r) => r.breach?.causedByCyber === 'yes' && r.breach?.systemsAffected === 'yes', message: 'Select what was affected' },
  { path: ['breach', 'organisationImpact'], applies: (r) => r.breach?.causedByCyber === 'yes' },
  { path: ['breach', 'recoveryTime'], applies: (r) => r.breach?.causedByCyber === 'yes' },
  { path: ['breach', 'toldDataSubjectsDetails'], applies: (r) => r.breach?.toldDataSubjects === 'something-else', message: 'Give details of what you have told the data subjects' },
  { path: ['breach', 'otherOrganisations'], applies: (r) => r.breach?.toldOtherOrganisations === 'yes', message: 'Say which other organisations you have told, or will tell' },
];

function has(list: unknown, value: string): boolean {
  return Array.isArray(list) && list.includes(value);
}
function read(r: Answers, path: Dependent['path']): unknown {
  return path.length === 1 ? r[path[0]] : r[path[0]]?.[path[1]];
}
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
}

/** Whether a question applies given the answers so far (a page uses it to decide what to show). */
export function applies(answers: Answers, path: Dependent['path']): boolean {
  const rule = dependents.find((d) => d.path.join('.') === path.join('.'));
  return !rule || rule.applies(answers);
}

/** The answers without those that no longer apply (the reporter changed an earlier answer): collect only what the process needs. */
export function pruneAnswers<T extends Answers>(answers: T): T {
  const out: Answers = structuredClone(answers);
  for (const { path, applies: ok } of dependents) {
    if (ok(out)) continue;
    if (path.length === 1) delete out[path[0]];
    else if (out[path[0]]) delete out[path[0]][path[1]];
  }
  return out as T;
}

// Checked even when other fields are still missing (`when: () => true`), so that a question page shows its
// own conditional errors before the rest of the report is complete.
const dependentAnswers = z.superRefine<Answers>(
  (report, ctx) => {
    if (typeof report !== 'object' || report === null) return;
    for (const rule of dependents) {
      const blank = isBlank(read(report, rule.path));
      if (rule.applies(report)) {
        if (rule.message && blank) ctx.addIssue({ code: 'custom', message: rule.message, path: rule.path, input: undefined });
      } else if (!blank) {
        // An answer left over from a changed earlier answer: the device prunes these (pruneAnswers), so
        // one arriving here means a client that would store more than the process needs.
        ctx.addIssue({ code: 'custom', message: 'This answer does not apply given the other answers', path: rule.path, input: undefined });
      }
    }
    const { happenedAt, discoveredAt } = report;
    if (report.happenedKnown === 'yes' && happenedAt && discoveredAt && isRealDate(happenedAt) && isRealDate(discoveredAt) && compareParts(happenedAt, discoveredAt) > 0) {
      ctx.addIssue({ code: 'custom', message: 'It cannot have happened after it was discovered: check both dates', path: ['happenedAt'], input: undefined });
    }
  },
  { when: () => true },
);

/** A submitted report: must pass in full on the device before it enters the outbox, and again at the endpoint. */
export const reportSchema = z
  .discriminatedUnion('kind', [lostDeviceReport, compromisedReport, dataBreachReport, otherReport])
  .check(dependentAnswers);

export type Report = z.infer<typeof reportSchema>;
export type LostDeviceReport = z.infer<typeof lostDeviceReport>;
export type CompromisedReport = z.infer<typeof compromisedReport>;
export type DataBreachReport = z.infer<typeof dataBreachReport>;
export type OtherReport = z.infer<typeof otherReport>;
export type BreachAnswers = z.infer<typeof breachAnswers>;
export type ReportKind = Report['kind'];

type DeepPartial<T> = T extends readonly (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;
type UnionKeys<T> = T extends unknown ? keyof T : never;
type Merge<T> = { [K in UnionKeys<T>]?: T extends unknown ? (K extends keyof T ? T[K] : never) : never };

/** What a draft holds: any subset of any kind's answers, as typed so far. */
export type DraftAnswers = DeepPartial<Merge<Report>>;

export type FieldErrors = { path: string; message: string }[];

/** Validates a report; the errors name the field (dotted path) so pages and API callers can point at it. */
export function validateReport(candidate: unknown): { ok: true; report: Report } | { ok: false; errors: FieldErrors } {
  const result = reportSchema.safeParse(candidate);
  if (result.success) return { ok: true, report: result.data };
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
    ...pruneAnswers(draft.answers as Answers),
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: draft.id,
    reference: draft.reference,
    kind: draft.kind,
    createdAt: draft.createdAt,
    timeZone: draft.timeZone,
  };
}
