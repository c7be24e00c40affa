// What derives from the question catalogue (questions.ts), without zod and without DOM: which questions a
// report asks and when, the page flow, what to drop before sending, and the words an answer is shown in (the
// check page, the incident team's console, the regulator's form). The zod schema derives in report.ts.
import { getAnswer, setAnswer, type Answers } from './answer-path.ts';
import { formatParts, type DateTimeParts } from './dates.ts';
import { labelOf, type Option, type ReportKind } from './options.ts';
import { flows, pages, questions, type Condition, type PageDeclaration, type PageId, type Question } from './questions.ts';
import { stepsOf, type Step } from './report-upgrade.ts';
import { isInvisibleText } from './text-rules.ts';

export type { Answers, Condition, PageDeclaration, PageId, Question };
export { getAnswer, setAnswer };

/** Bumped when a question's meaning or rules change; the endpoint accepts every version installed apps still send. */
export const REPORT_SCHEMA_VERSION = 2 as const;
export const SUPPORTED_SCHEMA_VERSIONS = [1, 2] as const;
export type SchemaVersion = (typeof SUPPORTED_SCHEMA_VERSIONS)[number];

export const catalogue: readonly Question[] = questions;
const byName = new Map(catalogue.map((q) => [q.name, q]));
const pagesById = new Map(pages.map((p) => [p.id, p]));

/** The options a question offers in this kind of report. */
export function optionsFor<O extends Option>(options: readonly O[], kind: ReportKind): O[] {
  return options.filter((o) => !o.kinds || o.kinds.includes(kind));
}

export function questionNamed(name: string): Question | undefined {
  return byName.get(name);
}
export function pageNamed(id: string): PageDeclaration | undefined {
  return pagesById.get(id as PageId);
}

export { isInvisibleText };

export function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && isInvisibleText(v)) || (Array.isArray(v) && v.length === 0);
}

/** Whether this kind of report asks the question at all (in the current version). */
export function asks(question: Question, kind: ReportKind, version: number = REPORT_SCHEMA_VERSION): boolean {
  if (question.legacy && version >= REPORT_SCHEMA_VERSION) return false;
  return !question.kinds || (question.kinds as readonly string[]).includes(kind);
}

function holds(condition: Condition, answers: Answers, kind: ReportKind, version: number): boolean {
  if ('any' in condition) return condition.any.some((c) => holds(c, answers, kind, version));
  const parent = byName.get(condition.question);
  if (!parent || !applies(parent, answers, kind, version)) return false;
  const value = getAnswer(answers, condition.question);
  if (isBlank(value)) return false;
  const values = (Array.isArray(value) ? value : [value]) as unknown[];
  return 'is' in condition
    ? values.some((v) => condition.is.includes(v as string))
    : values.every((v) => !condition.isNot.includes(v as string));
}

export function pageApplies(page: PageDeclaration, answers: Answers, kind: ReportKind, version: number = REPORT_SCHEMA_VERSION): boolean {
  return !page.when || holds(page.when, answers, kind, version);
}

/** Whether a question applies given the answers so far: asked for this kind, its page applies, and its condition holds. */
export function applies(question: Question, answers: Answers, kind: ReportKind, version: number = REPORT_SCHEMA_VERSION): boolean {
  if (!asks(question, kind, version)) return false;
  const page = pagesById.get(question.page);
  if (page && !pageApplies(page, answers, kind, version)) return false;
  return !question.when || holds(question.when, answers, kind, version);
}

/**
 * Whether the question must be answered when it applies, in reports of this version. Without the answers, a
 * question required only in some cases (`requiredWhen`) counts as required.
 */
export function isRequired(question: Question, version: number = REPORT_SCHEMA_VERSION, answers?: Answers, kind?: ReportKind): boolean {
  if (question.required === undefined || (question.requiredSince ?? 1) > version) return false;
  return !question.requiredWhen || !answers || !kind || holds(question.requiredWhen, answers, kind, version);
}

/** Every question this kind of report can ask, in catalogue order. */
export function questionsFor(kind: ReportKind, version: number = REPORT_SCHEMA_VERSION): Question[] {
  return catalogue.filter((q) => asks(q, kind, version));
}

/** The questions a page holds for this kind, in order, whether they apply now or not. */
export function questionsOn(page: PageId, kind: ReportKind): Question[] {
  return catalogue.filter((q) => q.page === page && asks(q, kind));
}

/** The pages this draft goes through, given its answers so far. */
export function pagesFor(kind: ReportKind, answers: Answers): PageDeclaration[] {
  return flows[kind]
    .map((id) => pagesById.get(id)!)
    .filter((page) => questionsOn(page.id, kind).length > 0 && pageApplies(page, answers, kind));
}

/**
 * The question on the same page whose answer reveals this one (GOV.UK conditional reveal), if any: the
 * revealed question is shown under the option that opens it rather than as a question of its own.
 */
export function revealedBy(question: Question): Question | undefined {
  if (!question.when || 'any' in question.when) return undefined;
  const parent = byName.get(question.when.question);
  return parent && parent.page === question.page && ['radios', 'checkboxes', 'count'].includes(parent.input) ? parent : undefined;
}

/** The questions revealed under one option of `parent` (for a count, under "I know the number"). */
export function revealedUnder(parent: Question, option: string, kind: ReportKind): Question[] {
  return questionsOn(parent.page, kind).filter((q) => {
    if (revealedBy(q) !== parent) return false;
    const when = q.when!;
    if ('any' in when) return false;
    return 'is' in when ? when.is.includes(option) : !when.isNot.includes(option);
  });
}

/** A page's questions that stand on their own (not revealed under another's option). */
export function topQuestionsOn(page: PageId, kind: ReportKind): Question[] {
  return questionsOn(page, kind).filter((q) => !revealedBy(q));
}

/** The answers without those that do not apply (the reporter changed an earlier answer): only what the process needs leaves the device. */
export function pruneAnswers<T extends Answers>(
  answers: T,
  kind: ReportKind = answers.kind,
  version: number = typeof answers.schemaVersion === 'number' ? answers.schemaVersion : REPORT_SCHEMA_VERSION,
): T {
  let out: Answers = structuredClone(answers);
  for (const question of catalogue) {
    if (getAnswer(out, question.name) === undefined) continue;
    if (!applies(question, answers, kind, version)) out = setAnswer(out, question.name, undefined);
  }
  for (const section of ['reporter', 'breach']) {
    if (out[section] && typeof out[section] === 'object' && Object.keys(out[section]).length === 0) delete out[section];
  }
  return out as T;
}

/** Why an answered question will not be sent: for the check page ("will not be sent because ..."). */
export function whyNotAsked(question: Question, answers: Answers, kind: ReportKind): string {
  if (!asks(question, kind)) return question.legacy ? 'This question is no longer asked' : 'This kind of report does not ask it';
  const page = pagesById.get(question.page);
  const condition = page && !pageApplies(page, answers, kind) ? page.when! : question.when;
  const when = condition && conditionWords(condition);
  return when ? `It is only asked ${when}` : 'It does not apply to this report';
}

/** "when the answer to "Who issued the device?" is "My own device"", joined by "or" for several. */
function conditionWords(condition: Condition): string | undefined {
  if ('any' in condition) {
    const parts = condition.any.map(conditionWords);
    return parts.every(Boolean) ? parts.join(', or ') : undefined;
  }
  const parent = byName.get(condition.question);
  if (!parent) return undefined;
  const words = (values: readonly string[]) => values.map((v) => `"${optionLabel(parent, v)}"`).join(' or ');
  return 'is' in condition
    ? `when the answer to "${parent.label}" is ${words(condition.is)}`
    : `when the answer to "${parent.label}" is not ${words(condition.isNot)}`;
}

/** The answers a draft holds that will not be sent, each with the reason. */
export function answersNotSent(answers: Answers, kind: ReportKind): { question: Question; reason: string }[] {
  return catalogue
    .filter((q) => !isBlank(getAnswer(answers, q.name)) && !applies(q, answers, kind))
    .map((question) => ({ question, reason: whyNotAsked(question, answers, kind) }));
}

function optionLabel(question: Question, value: string): string {
  if (question.input === 'radios' || question.input === 'checkboxes') return labelOf(question.options, value);
  if (question.input === 'count' && value === 'not-known') return 'Not known yet';
  return value;
}

/** A step with its date: "Review the contracts (to be completed by 31 March 2020)". */
export function stepText(step: Step): string {
  const by = step.completeBy ? formatParts(step.completeBy) || 'a date that is not a real date' : '';
  return by ? `${step.step} (to be completed by ${by})` : step.step;
}

/** An answer in words: the option labels, a date as "18 December 2019 at 16:42", a count, or the text as typed. */
export function answerText(question: Question, value: unknown): string | string[] {
  if (isBlank(value)) return '';
  switch (question.input) {
    case 'radios':
      return optionLabel(question, String(value));
    case 'checkboxes':
      return Array.isArray(value) ? value.map((v) => optionLabel(question, String(v))) : String(value);
    case 'datetime':
    case 'date':
      return typeof value === 'object' ? formatParts(value as DateTimeParts) || 'Not a real date' : String(value);
    case 'count':
      return optionLabel(question, String(value));
    case 'flag':
      return value === true ? 'Yes' : 'No';
    case 'steps':
      return typeof value === 'string' ? value : stepsOf(value).map(stepText);
    default:
      return String(value);
  }
}
