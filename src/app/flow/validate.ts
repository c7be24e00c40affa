// Page-level validation with the same schema the endpoint uses: validate the whole draft and keep the
// errors that belong to the questions on this page. One source of truth for every message.
import type { Draft } from '../../db/database.ts';
import { reportFromDraft, validateReport, type FieldErrors } from '../../shared/report.ts';
import { fieldId, pagesFor, visibleFields, type Field, type QuestionPage } from './pages.ts';
import type { SummaryError } from '../components/ErrorSummary.tsx';
import type { Errors } from '../components/FormField.tsx';

export function reportErrors(draft: Draft, now = new Date()): FieldErrors {
  // The schema refuses a discovery more than 5 minutes after the report's createdAt; on the device the rule is
  // the device's clock, so the draft is checked as if it were made now.
  const candidate = reportFromDraft({ ...draft, createdAt: now.toISOString() }) as Record<string, any>;
  const result = validateReport(candidate);
  return result.ok ? [] : result.errors;
}

/** The field an error belongs to, among `fields`; date parts belong to their date, except the time. */
function owner(path: string, fields: Field[]): string | undefined {
  const field = fields.find((f) => path === f.name || path.startsWith(`${f.name}.`));
  if (!field) return undefined;
  if (field.input === 'steps') {
    // Each row's step and date show their own error: "breach.recurrenceSteps.1.completeBy".
    const row = /^(\d+)\.(step|completeBy)\b/.exec(path.slice(field.name.length + 1));
    return row ? `${field.name}.${row[1]}.${row[2]}` : field.name;
  }
  return field.input === 'datetime' && path === `${field.name}.time` ? path : field.name;
}

export function pageErrors(draft: Draft, fields: Field[]): Errors {
  const errors: Errors = {};
  for (const e of reportErrors(draft)) {
    const key = owner(e.path, fields);
    if (key) errors[key] ??= e.message;
  }
  return errors;
}

/** Where the error summary links: the first input of the question. */
export function errorHref(key: string, fields: Field[]): string {
  const field = fields.find((f) => f.name === key);
  if (key.endsWith('.time')) return `#${fieldId(key)}`;
  if (key.endsWith('.completeBy')) return `#${fieldId(key)}-day`;
  if (field?.input === 'steps') return `#${fieldId(key)}-0-step`;
  return field?.input === 'datetime' || field?.input === 'date' ? `#${fieldId(key)}-day` : `#${fieldId(key)}`;
}

/** Position of an error's question on the page, so the summary lists problems in the order they appear. */
const order = (key: string, fields: Field[]) => fields.findIndex((f) => key === f.name || key.startsWith(`${f.name}.`));

export function summaryErrors(errors: Errors, fields: Field[]): SummaryError[] {
  return Object.entries(errors)
    .sort(([a], [b]) => order(a, fields) - order(b, fields))
    .map(([key, message]) => ({ href: errorHref(key, fields), message }));
}

/**
 * The first page with something missing or wrong, so "Continue" on a draft lands where the reporter stopped;
 * with `after`, the first such page after it (a change from the check page that opened new questions).
 */
export function firstIncompletePage(draft: Draft, after?: QuestionPage): QuestionPage | undefined {
  const errors = reportErrors(draft);
  const flow = pagesFor(draft.kind, draft.answers);
  return flow.slice(after ? flow.indexOf(after) + 1 : 0).find((page) => {
    const fields = visibleFields(page, draft.kind, draft.answers);
    return errors.some((e) => owner(e.path, fields));
  });
}

/** Errors of the whole report, each linked to the page and question to fix it (check answers page). */
export function submitErrorLinks(draft: Draft, errors: FieldErrors): SummaryError[] {
  const flow = pagesFor(draft.kind, draft.answers);
  const located = errors.map((e) => {
    for (const [p, page] of flow.entries()) {
      const fields = visibleFields(page, draft.kind, draft.answers);
      const key = owner(e.path, fields);
      if (key) return { rank: p * 1000 + order(key, fields), href: `/report/${draft.id}/${page.id}?return=check${errorHref(key, fields)}`, message: e.message };
    }
    return { rank: Number.MAX_SAFE_INTEGER, href: `/report/${draft.id}`, message: e.message };
  });
  return located.sort((a, b) => a.rank - b.rank).map(({ href, message }) => ({ href, message }));
}
