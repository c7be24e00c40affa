// Adding a question is one edit in one file: this test adds one to the catalogue alone (src/shared/questions.ts)
// and finds it on its page, on the check page, in the schema and in pruneAnswers, with no other change.
import { screen, within } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { pruneAnswers, validateReport } from '../../../src/shared/report.ts';
import { casefileBreach, copy } from '../fixtures/casefile.ts';
import { answersOf, draftWith, openApp, useCleanDevice } from './helpers.tsx';

const added = vi.hoisted(() => ({
  name: 'breach.backedUp',
  page: 'breach-impact',
  input: 'radios',
  label: 'Was the data backed up somewhere safe?',
  options: [
    { value: 'yes', label: 'Yes, a copy is safe' },
    { value: 'no', label: 'No' },
  ],
  required: 'Select whether the data was backed up somewhere safe',
}) as const);

vi.mock('../../../src/shared/questions.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/shared/questions.ts')>();
  return { ...original, questions: [...original.questions, added] };
});

useCleanDevice();

describe('a question added to the catalogue alone', () => {
  it('is required by the schema when it applies, with its own message and options', () => {
    const result = validateReport(casefileBreach);
    expect(result.ok ? [] : result.errors).toEqual([{ path: 'breach.backedUp', message: added.required }]);
    const wrong = validateReport({ ...copy(casefileBreach), breach: { ...casefileBreach.breach, backedUp: 'maybe' } });
    expect(wrong.ok ? [] : wrong.errors.map((e) => e.path)).toEqual(['breach.backedUp']);
    expect(validateReport({ ...copy(casefileBreach), breach: { ...casefileBreach.breach, backedUp: 'yes' } }).ok).toBe(true);
  });

  it('is dropped by pruneAnswers when its page no longer applies', () => {
    const answered = { ...copy(casefileBreach), breach: { ...casefileBreach.breach, backedUp: 'yes' } };
    expect(pruneAnswers(answered).breach).toHaveProperty('backedUp', 'yes');
    expect(pruneAnswers({ ...answered, personalData: 'no' })).not.toHaveProperty('breach');
  });

  it('is asked on its page', async () => {
    const draft = await draftWith('data-breach', answersOf(casefileBreach));
    openApp(`/report/${draft.id}/breach-impact`);
    const group = await screen.findByRole('group', { name: added.label });
    expect(within(group).getByRole('radio', { name: 'Yes, a copy is safe' })).toBeTruthy();
  });

  it('is listed on the check page with its answer and a Change link to its page', async () => {
    const draft = await draftWith('data-breach', { ...answersOf(casefileBreach), breach: { ...casefileBreach.breach, backedUp: 'yes' } as never });
    openApp(`/report/${draft.id}/check`);
    const key = await screen.findByText(added.label, { selector: 'dt' });
    const row = key.closest('.govuk-summary-list__row') as HTMLElement;
    expect(row.querySelector('.govuk-summary-list__value')!.textContent).toBe('Yes, a copy is safe');
    expect(within(row).getByRole('link', { name: /^Change / }).getAttribute('href')).toBe(`/report/${draft.id}/breach-impact?return=check#breach-backedUp`);
  });
});
