import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getDraft } from '../../../src/db/drafts.ts';
import { lostDevice } from '../fixtures/casefile.ts';
import {
  answersOf,
  currentUrl,
  description,
  draftWith,
  findErrorSummary,
  openApp,
  storedAnswers,
  summaryLinks,
  useCleanDevice,
} from './helpers.tsx';

useCleanDevice();

// The first page opened loads its code on demand (lazy), which can take over a second on a busy machine.
const heading = (name: string) => screen.findByRole('heading', { level: 1, name }, { timeout: 5_000 });
const group = (name: string) => screen.getByRole('group', { name });
const choose = (question: string, answer: string) => fireEvent.click(within(group(question)).getByLabelText(answer));
const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });
const pressContinue = () => fireEvent.click(screen.getByRole('button', { name: 'Continue' }));

describe('question page', () => {
  it('saves what is typed on this device within 250 ms, without pressing anything', async () => {
    const draft = await draftWith('lost-device');
    openApp(`/report/${draft.id}/what-happened`);
    await heading('What happened?');

    type('Tell us what happened', 'I left my work laptop on the train.');
    choose('Was this an incident or a near-miss?', 'A near-miss');
    await waitFor(async () => expect(await storedAnswers(draft.id)).toEqual({ whatHappened: 'I left my work laptop on the train.', occurrence: 'near-miss' }), {
      timeout: 250,
      interval: 20,
    });
    expect((await getDraft(draft.id))!.updatedAt > draft.updatedAt).toBe(true);
    expect(screen.getByText('Your answers are saved on this device as you type.')).toBeTruthy();
  });

  it('shows what is missing in an error summary and next to each question, and stays on the page', async () => {
    const draft = await draftWith('other');
    openApp(`/report/${draft.id}/what-happened`);
    await heading('What happened?');
    pressContinue();

    const summary = await findErrorSummary();
    // In the order of the questions on the page, as GOV.UK does.
    expect(summaryLinks(summary)).toEqual([
      { message: 'Select whether this was an incident or a near-miss', href: '#occurrence' },
      { message: 'Select what kind of incident it was', href: '#otherCategory' },
      { message: 'Describe what happened', href: '#whatHappened' },
    ]);
    expect(document.activeElement).toBe(summary.closest('.govuk-error-summary'));
    expect(document.getElementById('otherCategory')).toBe(within(group('What kind of incident was it?')).getByLabelText(/^Physical security of IT/));
    // Each link goes to the first input of its question.
    expect(document.getElementById('occurrence')).toBe(within(group('Was this an incident or a near-miss?')).getByLabelText('An incident'));
    expect(document.getElementById('whatHappened')).toBe(screen.getByLabelText('Tell us what happened'));

    // Inline, inside the question's group and read out with it.
    const occurrence = group('Was this an incident or a near-miss?');
    expect(occurrence.textContent).toContain('Error: Select whether this was an incident or a near-miss');
    expect(description(occurrence)).toContain('Select whether this was an incident or a near-miss');
    const text = screen.getByLabelText('Tell us what happened');
    expect(text.closest('.govuk-form-group')!.textContent).toContain('Error: Describe what happened');
    expect(description(text)).toContain('Describe what happened');
    expect(text.classList.contains('govuk-textarea--error')).toBe(true);

    expect(currentUrl()).toBe(`/report/${draft.id}/what-happened`);

    // Typing to fix it keeps the focus where the reporter is typing.
    text.focus();
    fireEvent.input(text, { target: { value: 'A' } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(text);
  });

  it('only reports the errors of the questions still wrong on the next Continue', async () => {
    const draft = await draftWith('lost-device');
    openApp(`/report/${draft.id}/what-happened`);
    await heading('What happened?');
    choose('Was this an incident or a near-miss?', 'An incident');
    pressContinue();
    expect(summaryLinks(await findErrorSummary())).toEqual([{ message: 'Describe what happened', href: '#whatHappened' }]);
    expect(group('Was this an incident or a near-miss?').textContent).not.toContain('Error:');

    type('Tell us what happened', 'Laptop left on a train');
    pressContinue();
    await heading('About the device');
    expect(screen.queryByRole('heading', { name: 'There is a problem' })).toBeNull();
  });

  it('asks for the police reference only after "Yes" to "Have you told the police?"', async () => {
    const draft = await draftWith('lost-device');
    openApp(`/report/${draft.id}/do-this-now`);
    await heading('Do this now');
    expect(screen.queryByLabelText('Police incident reference')).toBeNull();

    choose('Have you told the police?', 'Yes');
    const reference = await screen.findByLabelText('Police incident reference');
    // Revealed under its answer, inside the same question.
    expect(group('Have you told the police?').contains(reference)).toBe(true);
    fireEvent.input(reference, { target: { value: 'CAD 1234' } });
    await waitFor(async () => expect(await storedAnswers(draft.id)).toMatchObject({ policeTold: 'yes', policeReference: 'CAD 1234' }));

    choose('Have you told the police?', 'No');
    await waitFor(() => expect(screen.queryByLabelText('Police incident reference')).toBeNull());
  });

  it('requires a revealed question once its trigger is chosen', async () => {
    const draft = await draftWith('lost-device', { serviceDeskContacted: 'no', lineManagerTold: 'yes' });
    openApp(`/report/${draft.id}/do-this-now`);
    await heading('Do this now');
    choose('Have you told the police?', 'Yes');
    pressContinue();
    expect(summaryLinks(await findErrorSummary())).toEqual([{ message: 'Enter the police incident reference', href: '#policeReference' }]);
    expect(document.getElementById('policeReference')).toBe(screen.getByLabelText('Police incident reference'));
  });

  it('goes through the breach questions only when personal data is involved', async () => {
    const answers = answersOf(lostDevice);
    delete answers.personalData;
    const draft = await draftWith('lost-device', answers);
    openApp(`/report/${draft.id}/personal-data`);
    await heading('Personal data');

    choose('Does it involve personal data?', 'Yes');
    pressContinue();
    await heading('About the breach');
    expect(currentUrl()).toBe(`/report/${draft.id}/breach-about`);
    expect(screen.getByText(/These are the questions the regulator/)).toBeTruthy();
    expect(await storedAnswers(draft.id)).toMatchObject({ personalData: 'yes' });

    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('Personal data');
    choose('Does it involve personal data?', 'No');
    pressContinue();
    await heading('About you');
    expect(currentUrl()).toBe(`/report/${draft.id}/about-you`);

    // And Back from there skips the breach pages too.
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(`/report/${draft.id}/personal-data`);
  });

  it('has a Back link to the previous page of this kind of report, and to the start from the first', async () => {
    const draft = await draftWith('lost-device');
    openApp(`/report/${draft.id}/when`);
    await heading('When and where did it happen?');
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('The device when you last saw it');
    expect(currentUrl()).toBe(`/report/${draft.id}/device-state`);

    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('Do this now');
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('About the device');
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('What happened?');
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await heading('Report a security incident');
    expect(currentUrl()).toBe('/');
  });

  it('warns, without blocking, when free text looks like it holds personal data', async () => {
    const draft = await draftWith('lost-device', { occurrence: 'incident' });
    openApp(`/report/${draft.id}/what-happened`);
    await heading('What happened?');
    const text = screen.getByLabelText('Tell us what happened');
    expect(screen.queryByText(/This looks like it contains/)).toBeNull();

    fireEvent.input(text, { target: { value: 'The list was sent to jo.bloggs@example.com by mistake.' } });
    const warning = await screen.findByText(/This looks like it contains an email address\./);
    expect(warning.textContent).toContain('Do not include the personal data of the people affected: describe it instead');
    expect(description(text)).toContain('This looks like it contains an email address.');

    fireEvent.input(text, { target: { value: 'It showed the NI number AB 12 34 56 C.' } });
    await screen.findByText(/This looks like it contains a National Insurance number\./);

    pressContinue();
    await heading('About the device');
    expect(await storedAnswers(draft.id)).toMatchObject({ whatHappened: 'It showed the NI number AB 12 34 56 C.' });
  });

  it('counts the characters of a long answer as GOV.UK does, and names the question when it is too long', async () => {
    const draft = await draftWith('other', { occurrence: 'incident', otherCategory: 'physical' });
    openApp(`/report/${draft.id}/what-happened`);
    await heading('What happened?');
    expect(screen.getByTestId('whatHappened-count').textContent).toBe('You have 5,000 characters remaining');
    expect(description(screen.getByLabelText('Tell us what happened'))).toContain('You can enter up to 5,000 characters');
    type('Tell us what happened', 'x'.repeat(10_000)); // a paste
    expect(screen.getByTestId('whatHappened-count').textContent).toBe('You have 5,000 characters too many');
    pressContinue();
    const summary = await findErrorSummary();
    expect(summaryLinks(summary).map((l) => l.message)).toEqual(['The answer to "Tell us what happened" must be 5,000 characters or fewer']);
  });

  it('makes "Not yet known" the exclusive answer among the categories, and says to mark an estimate', async () => {
    const draft = await draftWith('data-breach', { personalData: 'yes' });
    openApp(`/report/${draft.id}/breach-data`);
    await heading('The personal data involved');
    const categories = 'Categories of personal data included in the breach';
    choose(categories, 'Health data');
    await waitFor(async () => expect((await storedAnswers(draft.id))?.breach?.dataCategories).toEqual(['health']));
    choose(categories, 'Not yet known');
    await waitFor(async () => expect((await storedAnswers(draft.id))?.breach?.dataCategories).toEqual(['not-yet-known']));
    expect((within(group(categories)).getByLabelText('Health data') as HTMLInputElement).checked).toBe(false);
    choose(categories, 'Health data');
    await waitFor(async () => expect((await storedAnswers(draft.id))?.breach?.dataCategories).toEqual(['health']));

    choose('Number of personal data records concerned', 'I know the number, or an estimate');
    type('Number', 'about 500');
    pressContinue();
    const summary = await findErrorSummary();
    expect(summaryLinks(summary).map((l) => l.message)).toContain(
      'Enter the number as digits, like 120 or 121,109. If you do not know it exactly, enter your best estimate and tick "This is an estimate"',
    );
  });

  it('asks for a 4-digit year', async () => {
    const draft = await draftWith('other', { happenedKnown: 'no' });
    openApp(`/report/${draft.id}/when`);
    await heading('When and where did it happen?');
    const discovered = group('When was it discovered?');
    fireEvent.input(within(discovered).getByLabelText('Day'), { target: { value: '3' } });
    fireEvent.input(within(discovered).getByLabelText('Month'), { target: { value: '2' } });
    fireEvent.input(within(discovered).getByLabelText('Year'), { target: { value: '25' } });
    pressContinue();
    const summary = await findErrorSummary();
    expect(summaryLinks(summary).map((l) => l.message)).toContain('Year must include 4 numbers');
  });

  it('rejects 31 February as not a real date', async () => {
    const draft = await draftWith('lost-device', { happenedKnown: 'no', location: 'travelling' });
    openApp(`/report/${draft.id}/when`);
    await heading('When and where did it happen?');
    const discovered = group('When was it discovered?');
    fireEvent.input(within(discovered).getByLabelText('Day'), { target: { value: '31' } });
    fireEvent.input(within(discovered).getByLabelText('Month'), { target: { value: '2' } });
    fireEvent.input(within(discovered).getByLabelText('Year'), { target: { value: '2025' } });
    fireEvent.input(within(discovered).getByLabelText('Hour'), { target: { value: '09' } });
    fireEvent.input(within(discovered).getByLabelText('Minute'), { target: { value: '15' } });
    pressContinue();

    const summary = await findErrorSummary();
    expect(summaryLinks(summary)).toEqual([{ message: 'The date it was discovered must be a real date', href: '#discoveredAt-day' }]);
    expect(document.getElementById('discoveredAt-day')).toBe(within(discovered).getByLabelText('Day'));
    expect(description(discovered)).toContain('The date it was discovered must be a real date');
    expect(currentUrl()).toBe(`/report/${draft.id}/when`);

    fireEvent.input(within(discovered).getByLabelText('Day'), { target: { value: '28' } });
    pressContinue();
    await heading('Personal data');
    expect(await storedAnswers(draft.id)).toMatchObject({ discoveredAt: { day: '28', month: '2', year: '2025', time: '09:15' } });
  });

  it('fills the date boxes from the quick answers, and the discovery from when it happened', async () => {
    const draft = await draftWith('lost-device', { happenedKnown: 'yes' });
    openApp(`/report/${draft.id}/when`);
    await heading('When and where did it happen?');
    const boxes = (legend: string) => ['Day', 'Month', 'Year', 'Hour', 'Minute'].map((label) => within(group(legend)).getByLabelText<HTMLInputElement>(label).value);
    const local = (d: Date) => [String(d.getDate()), String(d.getMonth() + 1), String(d.getFullYear())];
    const now = new Date();
    const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 12);

    // "When it happened" is offered only once there is a date to copy.
    expect(within(group('When was it discovered?')).queryByRole('button', { name: 'When it happened' })).toBeNull();
    fireEvent.click(within(group('When did it happen?')).getByRole('button', { name: 'Yesterday' }));
    expect(boxes('When did it happen?')).toEqual([...local(yesterday), '', '']);
    fireEvent.input(within(group('When did it happen?')).getByLabelText('Hour'), { target: { value: '17' } });
    fireEvent.input(within(group('When did it happen?')).getByLabelText('Minute'), { target: { value: '40' } });
    fireEvent.click(within(group('When did it happen?')).getByRole('button', { name: 'Today' }));
    expect(boxes('When did it happen?')).toEqual([...local(new Date()), '17', '40']); // the time typed is kept

    fireEvent.click(within(group('When was it discovered?')).getByRole('button', { name: 'When it happened' }));
    expect(boxes('When was it discovered?')).toEqual([...local(new Date()), '17', '40']);
    fireEvent.click(within(group('When was it discovered?')).getByRole('button', { name: 'Just now' }));
    const [day, month, year, hour, minute] = boxes('When was it discovered?');
    expect([day, month, year]).toEqual(local(new Date()));
    expect(Math.abs(Number(hour) * 60 + Number(minute) - (now.getHours() * 60 + now.getMinutes())) % (24 * 60)).toBeLessThanOrEqual(1);
    await waitFor(async () => expect((await storedAnswers(draft.id))?.discoveredAt).toEqual({ day, month, year, time: `${hour}:${minute}` }));
  });

  it('asks whether a department laptop or phone is encrypted, but only requires it of other devices', async () => {
    const draft = await draftWith('lost-device', { deviceType: 'phone', deviceOwner: 'department', lastSeenState: 'locked', dataOnDevice: 'Email' });
    openApp(`/report/${draft.id}/device-state`);
    await heading('The device when you last saw it');
    expect(group('Is the device encrypted?')).toBeTruthy();
    pressContinue();
    await heading('When and where did it happen?');
  });

  it('requires the encryption answer for a personal device', async () => {
    const personal = await draftWith('lost-device', { deviceType: 'phone', deviceOwner: 'personal', lastSeenState: 'locked', dataOnDevice: 'Email' });
    openApp(`/report/${personal.id}/device-state`);
    await heading('The device when you last saw it');
    pressContinue();
    expect(summaryLinks(await findErrorSummary()).map((l) => l.message)).toEqual(['Select whether the device is encrypted']);
  });

  it('shows the date of "When did it happen?" only when the reporter knows it', async () => {
    const draft = await draftWith('other');
    openApp(`/report/${draft.id}/when`);
    await heading('When and where did it happen?');
    expect(screen.queryByRole('group', { name: 'When did it happen?' })).toBeNull();
    choose('Do you know when it happened?', 'Yes');
    const happened = await screen.findByRole('group', { name: 'When did it happen?' });
    expect(within(happened).getByRole('group', { name: 'Time (optional), 24-hour clock' })).toBeTruthy();
  });
});
