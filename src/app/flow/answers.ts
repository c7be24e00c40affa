// Reading and writing one answer of a draft by its dotted path ('reporter.name', 'breach.likelihood').
export { getAnswer, setAnswer } from '../../shared/answer-path.ts';

export const fieldId = (name: string) => name.replace(/\./g, '-');
