// Answers as an earlier build wrote them, read in today's shape. Reports already queued on devices, reports
// already stored at the endpoint and drafts in progress keep the shape they were written in; whatever reads
// them (the schema, the question pages, the console, the regulator's form) reads them through this.
import type { DateTimeParts } from './dates.ts';

/** One step to prevent a recurrence and the date it will be completed (day, month, year as typed). */
export interface Step {
  step: string;
  completeBy?: DateTimeParts;
}

type Answers = Record<string, unknown>;

/**
 * Up to this version the steps to prevent a recurrence were one text (`breach.recurrenceSteps`) with, since
 * version 2, one date for them all (`breach.recurrenceStepsDue`): read as one step with that date (version 1
 * gave none). Anything else is returned as it is (the same object when there is nothing to change).
 */
export function upgradeAnswers<T>(candidate: T): T {
  if (typeof candidate !== 'object' || candidate === null) return candidate;
  const breach = (candidate as Answers).breach;
  if (typeof breach !== 'object' || breach === null || Array.isArray(breach)) return candidate;
  const { recurrenceSteps: steps, recurrenceStepsDue: due, ...rest } = breach as Answers;
  if (typeof steps !== 'string' && !('recurrenceStepsDue' in breach)) return candidate;
  const upgraded: Answers = { ...rest };
  if (typeof steps === 'string') {
    if (steps.trim() !== '') upgraded.recurrenceSteps = [{ step: steps, ...(due !== undefined && { completeBy: due }) }];
  } else if (steps !== undefined) {
    upgraded.recurrenceSteps = steps;
  }
  return { ...candidate, breach: upgraded };
}

/** The steps of an answer, whatever shape it has (none for anything that is not a list). */
export function stepsOf(value: unknown): Step[] {
  return Array.isArray(value) ? value.filter((row): row is Step => typeof row === 'object' && row !== null) : [];
}
