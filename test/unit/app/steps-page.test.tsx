// The follow-up's steps to prevent a recurrence on the reporter's page: a row per step, each with Day, Month
// and Year boxes for a phone's number pad, rows added and removed, and each row's errors named in the summary
// and next to the row. A draft begun before steps had their own dates shows its text and date as step 1.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { casefileFollowUp } from '../fixtures/casefile.ts';
import { answersOf, description, draftWith, findErrorSummary, openApp, storedAnswers, summaryLinks, useCleanDevice } from './helpers.tsx';

useCleanDevice();

const LEGEND = 'Outline any steps you are taking to prevent a recurrence, and when you expect they will be completed';
const heading = () => screen.findByRole('heading', { level: 1, name: 'Training, actions and who has been told' }, { timeout: 5_000 });
const step = (n: number) => screen.getByRole('group', { name: `Step ${n}` });
const typeIn = (element: HTMLElement, value: string) => fireEvent.input(element, { target: { value } });

async function followUpDraft(steps: unknown) {
  const answers = answersOf(casefileFollowUp);
  return draftWith('data-breach', { ...answers, breach: { ...answers.breach, recurrenceSteps: steps } as never });
}

describe('steps to prevent a recurrence', () => {
  it('adds and removes rows, each with its own date boxes for the number pad, and saves them as a list', async () => {
    const draft = await followUpDraft(undefined);
    openApp(`/report/${draft.id}/breach-response`);
    await heading();
    const list = screen.getByRole('group', { name: LEGEND });
    expect(within(list).getAllByTestId('step')).toHaveLength(1);
    expect(within(list).queryByRole('button', { name: /^Remove/ })).toBeNull();

    typeIn(within(step(1)).getByLabelText('Describe step 1'), 'Audit the processor');
    fireEvent.click(within(list).getByRole('button', { name: 'Add another step' }));
    await waitFor(() => expect(within(list).getAllByTestId('step')).toHaveLength(2));
    await waitFor(() => expect(document.activeElement).toBe(within(step(2)).getByLabelText('Describe step 2')), { timeout: 3_000 });
    typeIn(within(step(2)).getByLabelText('Describe step 2'), 'Train the team');
    const date = within(step(2)).getByRole('group', { name: 'When do you expect step 2 to be completed?' });
    for (const [label, value] of [['Day', '30'], ['Month', '6'], ['Year', '2027']] as const) {
      const box = within(date).getByLabelText(label);
      expect(box.getAttribute('inputmode')).toBe('numeric');
      typeIn(box, value);
    }
    await waitFor(async () =>
      expect((await storedAnswers(draft.id))!.breach!.recurrenceSteps).toEqual([{ step: 'Audit the processor' }, { step: 'Train the team', completeBy: { day: '30', month: '6', year: '2027' } }]),
    );

    fireEvent.click(within(step(1)).getByRole('button', { name: 'Remove step 1' }));
    await waitFor(() => expect(within(list).getAllByTestId('step')).toHaveLength(1));
    expect((within(step(1)).getByLabelText('Describe step 1') as HTMLTextAreaElement).value).toBe('Train the team');
    await waitFor(async () => expect((await storedAnswers(draft.id))!.breach!.recurrenceSteps).toEqual([{ step: 'Train the team', completeBy: { day: '30', month: '6', year: '2027' } }]));
  });

  it("names each row's problems in the summary and beside the row, linking to its box", async () => {
    const draft = await followUpDraft([{ step: 'Audit the processor' }, { step: '', completeBy: { day: '31', month: '2', year: '2027' } }]);
    openApp(`/report/${draft.id}/breach-response`);
    await heading();
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const summary = await findErrorSummary();
    expect(summaryLinks(summary)).toEqual([
      { message: 'Describe step 2', href: '#breach-recurrenceSteps-1-step' },
      { message: 'The date step 2 will be completed must be a real date', href: '#breach-recurrenceSteps-1-completeBy-day' },
      { message: 'Enter the date step 1 will be completed', href: '#breach-recurrenceSteps-0-completeBy-day' },
    ]);
    expect(description(within(step(2)).getByLabelText('Describe step 2'))).toContain('Describe step 2');
    const date1 = within(step(1)).getByRole('group', { name: 'When do you expect step 1 to be completed?' });
    expect(description(date1)).toContain('Enter the date step 1 will be completed');
    expect(document.getElementById('breach-recurrenceSteps-1-completeBy-day')).toBe(within(step(2)).getByLabelText('Day'));
  });

  it('shows a draft begun before each step had a date (one text, one date) as step 1 with that date', async () => {
    const answers = answersOf(casefileFollowUp);
    const draft = await draftWith('data-breach', { ...answers, breach: { ...answers.breach, recurrenceSteps: 'Review the chain', recurrenceStepsDue: { day: '31', month: '3', year: '2020' } } as never });
    openApp(`/report/${draft.id}/breach-response`);
    await heading();
    expect((within(step(1)).getByLabelText('Describe step 1') as HTMLTextAreaElement).value).toBe('Review the chain');
    expect((within(step(1)).getByLabelText('Year') as HTMLInputElement).value).toBe('2020');
  });

  it('lists each step with its date on the check page', async () => {
    const draft = await followUpDraft(casefileFollowUp.breach!.recurrenceSteps);
    openApp(`/report/${draft.id}/check`);
    const key = await screen.findByText(LEGEND, { selector: 'dt' }, { timeout: 5_000 });
    const row = key.closest('.govuk-summary-list__row') as HTMLElement;
    expect(within(row).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Review the notification chain with the data processor. (to be completed by 31 March 2020)',
      "Review the notification chain with the data processor's sub-processors. (to be completed by 31 March 2020)",
    ]);
  });
});
