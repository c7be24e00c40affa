// The steps to prevent a recurrence: a list, each step with the date it will be completed. Every row's error
// names its row; a report queued with the earlier text and one date (schema version 2), or the free text of
// version 1, is still accepted, read as one step.
import { describe, expect, it } from 'vitest';
import { answerText, questionNamed } from '../../../src/shared/catalogue.ts';
import { upgradeAnswers } from '../../../src/shared/report-upgrade.ts';
import { validateReport, type FieldErrors } from '../../../src/shared/report.ts';
import { casefileBreachV1, casefileFollowUp, copy } from '../fixtures/casefile.ts';

const errorsOf = (candidate: unknown): FieldErrors => {
  const result = validateReport(candidate);
  return result.ok ? [] : result.errors;
};
const withSteps = (steps: unknown) => ({ ...copy(casefileFollowUp), breach: { ...copy(casefileFollowUp.breach!), recurrenceSteps: steps } });
const march = { day: '31', month: '3', year: '2020' };

describe('steps to prevent a recurrence, each with its date', () => {
  it("the case file's follow-up validates with its two steps and their dates", () => {
    const result = validateReport(casefileFollowUp);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.report.breach!.recurrenceSteps).toEqual(casefileFollowUp.breach!.recurrenceSteps);
  });

  it('names the row of every problem: a step without words, a date missing, not real, or with a short year', () => {
    const errors = errorsOf(
      withSteps([
        { step: '', completeBy: march },
        { step: 'Train the team' },
        { step: 'Audit the processor', completeBy: { day: '31', month: '2', year: '2020' } },
        { step: 'Review contracts', completeBy: { day: '1', month: '6', year: '20' } },
      ]),
    );
    expect(errors).toEqual([
      { path: 'breach.recurrenceSteps.0.step', message: 'Describe step 1' },
      { path: 'breach.recurrenceSteps.2.completeBy', message: 'The date step 3 will be completed must be a real date' },
      { path: 'breach.recurrenceSteps.3.completeBy', message: 'Step 4: year must include 4 numbers' },
      { path: 'breach.recurrenceSteps.1.completeBy', message: 'Enter the date step 2 will be completed' },
    ]);
  });

  it('drops rows left empty, and trims what was typed', () => {
    const result = validateReport(withSteps([{ step: '  Train the team \n', completeBy: march }, { step: ' ', completeBy: { day: '', month: '', year: '' } }, { step: '' }]));
    expect(result.ok && result.report.breach!.recurrenceSteps).toEqual([{ step: 'Train the team', completeBy: march }]);
  });

  it('refuses no steps at all, more than 20, a step of more than 5,000 characters, a field that is not part of a step, and a text where a list belongs', () => {
    expect(errorsOf(withSteps([])).map((e) => e.path)).toEqual(['breach.recurrenceSteps']);
    expect(errorsOf(withSteps(Array.from({ length: 21 }, (_, i) => ({ step: `Step ${i}`, completeBy: march }))))).toEqual([
      { path: 'breach.recurrenceSteps', message: 'Enter 20 steps or fewer' },
    ]);
    expect(errorsOf(withSteps([{ step: 'x'.repeat(5001), completeBy: march }]))).toEqual([
      { path: 'breach.recurrenceSteps.0.step', message: 'The answer to "Step 1" must be 5,000 characters or fewer' },
    ]);
    expect(errorsOf(withSteps([{ step: 'Train the team', completeBy: march, owner: 'Sam' }])).map((e) => e.path)).toEqual(['breach.recurrenceSteps.0.owner']);
    expect(errorsOf(withSteps(42)).map((e) => e.path)).toEqual(['breach.recurrenceSteps']);
  });

  it('reads a report queued with the earlier text and one date (version 2) as one step with that date', () => {
    const queued = { ...copy(casefileFollowUp), breach: { ...copy(casefileFollowUp.breach!), recurrenceSteps: 'Review the notification chain.', recurrenceStepsDue: march } };
    const result = validateReport(queued);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.report.breach!.recurrenceSteps).toEqual([{ step: 'Review the notification chain.', completeBy: march }]);
    expect(result.report.breach).not.toHaveProperty('recurrenceStepsDue');
    // Without its date, as version 2 never sent it, it is refused by name.
    const { recurrenceStepsDue: _due, ...undated } = queued.breach;
    expect(errorsOf({ ...queued, breach: undated })).toEqual([{ path: 'breach.recurrenceSteps.0.completeBy', message: 'Enter the date step 1 will be completed' }]);
  });

  it('accepts the free text of version 1 (no dates then) as one step', () => {
    const v1 = { ...copy(casefileBreachV1), breach: { ...copy(casefileBreachV1.breach!), reportType: 'follow-up', recurrenceSteps: 'New checks by the end of March' } };
    const result = validateReport(v1);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.report.breach!.recurrenceSteps).toEqual([{ step: 'New checks by the end of March' }]);
  });

  it('prints each step with its date, and upgrades only what needs it', () => {
    const question = questionNamed('breach.recurrenceSteps')!;
    expect(answerText(question, casefileFollowUp.breach!.recurrenceSteps)).toEqual([
      'Review the notification chain with the data processor. (to be completed by 31 March 2020)',
      "Review the notification chain with the data processor's sub-processors. (to be completed by 31 March 2020)",
    ]);
    expect(upgradeAnswers(casefileFollowUp)).toBe(casefileFollowUp);
  });
});
