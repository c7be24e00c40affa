// Reading and writing one answer of a draft by its dotted path ('reporter.name', 'breach.likelihood').
import type { DraftAnswers } from '../../shared/report.ts';

export function getAnswer(answers: DraftAnswers, path: string): unknown {
  return path.split('.').reduce<any>((node, key) => (node == null ? undefined : node[key]), answers);
}

/** A copy of `answers` with `path` set (or removed when `value` is undefined); the original is untouched. */
export function setAnswer(answers: DraftAnswers, path: string, value: unknown): DraftAnswers {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: Record<string, unknown> = { ...answers };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
  } else {
    copy[head] = setAnswer((copy[head] as DraftAnswers) ?? {}, rest.join('.'), value);
  }
  return copy as DraftAnswers;
}

export const fieldId = (name: string) => name.replace(/\./g, '-');
