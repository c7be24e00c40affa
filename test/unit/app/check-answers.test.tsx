import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { db } from '../../../src/db/database.ts';
import { getDraft, getOutboxRecord } from '../../../src/db/drafts.ts';
import { formatReference } from '../../../src/shared/reference.ts';
import { casefileBreach, compromised, departmentReporter, lostDevice } from '../fixtures/casefile.ts';
import { openSealed } from '../sealing-keys.ts';
import { answersOf, currentUrl, draftWith, findErrorSummary, openApp, partsOf, storedAnswers, summaryLinks, useCleanDevice, useStandInSender } from './helpers.tsx';

useCleanDevice();

const sends = useStandInSender();

const checkHeading = () => screen.findByRole('heading', { level: 1, name: 'Check your answers before sending your report' });

/** Every row of the summary lists: question, answer as shown, and where its Change link goes. */
function rows(): [question: string, answer: string, change: string][] {
  return [...document.querySelectorAll('.govuk-summary-list__row')].map((row) => [
    row.querySelector('dt')!.textContent!,
    row.querySelector('.govuk-summary-list__value')!.textContent!,
    within(row as HTMLElement).getByRole('link', { name: /^Change / }).getAttribute('href')!,
  ]);
}

describe('check answers page', () => {
  it('shows every question answered, each with a Change link to its page', async () => {
    const draft = await draftWith('lost-device', answersOf(lostDevice));
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    const on = (page: string, field: string) => `/report/${draft.id}/${page}?return=check#${field}`;
    expect(rows()).toEqual([
      ['Was this an incident or a near-miss?', 'An incident', on('what-happened', 'occurrence')],
      ['Tell us what happened', lostDevice.whatHappened, on('what-happened', 'whatHappened')],
      ['What kind of device is it?', 'Laptop', on('device', 'deviceType')],
      ['Who issued the device?', 'Issued by the department', on('device', 'deviceOwner')],
      ['Asset tag or serial number (optional)', 'Not given', on('device', 'assetTag')],
      ['Was it lost or stolen?', 'Lost', on('device', 'lostOrStolen')],
      ['Have you contacted the IT Service Desk?', 'Yes', on('do-this-now', 'serviceDeskContacted')],
      ['Service desk ticket reference', 'INC0012345', on('do-this-now', 'serviceDeskTicket')],
      ['Have you told your line manager?', 'Yes', on('do-this-now', 'lineManagerTold')],
      ['Have you told the police?', 'Yes', on('do-this-now', 'policeTold')],
      ['Police incident reference', 'CAD 1234 03/11/25', on('do-this-now', 'policeReference')],
      ['What else has been done so far? (optional)', 'Not given', on('do-this-now', 'actionsSoFar')],
      ['What state was the device in when you last saw it?', 'Asleep or with the lid closed', on('device-state', 'lastSeenState')],
      ['Is the device encrypted?', 'Yes', on('device-state', 'encrypted')],
      ['What data or information may be on it?', lostDevice.dataOnDevice, on('device-state', 'dataOnDevice')],
      ['Do you know when it happened?', 'No', on('when', 'happenedKnown')],
      ['When was it discovered?', '3 November 2025 at 08:50', on('when', 'discoveredAt')],
      ['Where did it happen?', 'Travelling', on('when', 'location')],
      ['Does it involve personal data?', 'Not known', on('personal-data', 'personalData')],
      ['Your full name', departmentReporter.name, on('about-you', 'reporter-name')],
      ['Your work email address', departmentReporter.email, on('about-you', 'reporter-email')],
      ['A phone number we can reach you on (optional)', departmentReporter.phone, on('about-you', 'reporter-phone')],
      ['Your business area', departmentReporter.businessArea, on('about-you', 'reporter-businessArea')],
      ['Are you staff, a contractor or a supplier?', 'Staff', on('about-you', 'reporter-role')],
    ]);
    // The Change link says which answer it changes.
    expect(screen.getByRole('link', { name: 'Change police incident reference' })).toBeTruthy();
    expect(screen.getByText(formatReference(draft.reference))).toBeTruthy();
  });

  it('lists each ticked box of a checkbox question', async () => {
    const draft = await draftWith('compromised', answersOf(compromised));
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    const row = screen.getByText('What did you notice?', { selector: 'dt' }).closest('div')!;
    expect(within(row).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'I clicked a link or opened an attachment in a suspicious message',
      'A password was disclosed or written down',
    ]);
  });

  it('changes an answer and comes back to the check page', async () => {
    const draft = await draftWith('lost-device', answersOf(lostDevice));
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    fireEvent.click(screen.getByRole('link', { name: 'Change where did it happen?' }));
    await screen.findByRole('heading', { level: 1, name: 'When and where did it happen?' }, { timeout: 5_000 }); // the page's code loads on demand
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(`/report/${draft.id}/check`);

    fireEvent.click(within(screen.getByRole('group', { name: 'Where did it happen?' })).getByLabelText('At home'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await checkHeading();
    expect(currentUrl()).toBe(`/report/${draft.id}/check`);
    const where = screen.getByText('Where did it happen?', { selector: 'dt' }).closest('div')!;
    expect(within(where).getByText('At home')).toBeTruthy();
    expect(await storedAnswers(draft.id)).toMatchObject({ location: 'home' });
  });

  it('after a change that opens questions on later pages, goes through each of them in order, then back to the check page', async () => {
    const draft = await draftWith('lost-device', { ...answersOf(lostDevice), personalData: 'no' });
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    fireEvent.click(screen.getByRole('link', { name: 'Change does it involve personal data?' }));
    await screen.findByRole('heading', { level: 1, name: 'Personal data' });
    fireEvent.click(within(screen.getByRole('group', { name: 'Does it involve personal data?' })).getByLabelText('Yes'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 1, name: 'About the breach' });
    expect(currentUrl()).toBe(`/report/${draft.id}/breach-about?return=check`);
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(`/report/${draft.id}/check`);
  });

  it('refuses a discovery more than 5 minutes after the device clock', async () => {
    const later = new Date(Date.now() + 10 * 60_000);
    const draft = await draftWith('lost-device', { ...answersOf(lostDevice), discoveredAt: partsOf(later) });
    openApp(`/report/${draft.id}/when`);
    await screen.findByRole('heading', { level: 1, name: 'When and where did it happen?' }, { timeout: 5_000 }); // the page's code loads on demand
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    const summary = await findErrorSummary();
    expect(summaryLinks(summary).map((l) => l.message)).toEqual(['The date and time it was discovered cannot be in the future']);
    await waitFor(() => expect(document.title).toBe('Error: When and where did it happen? – Report a security incident'));
  });

  it('shows the 72-hour deadline for a personal-data breach, and not for other reports', async () => {
    const breach = await draftWith('data-breach', answersOf(casefileBreach));
    const view = openApp(`/report/${breach.id}/check`);
    await checkHeading();
    // Discovered 18 December 2019 16:42 in London: the regulator's deadline was 72 hours later.
    expect(screen.getByText(/^Report to the regulator by 21 Dec 2019 16:42, overdue by \d+ days \d+ h\.$/)).toBeTruthy();
    expect(screen.getByText(/within 72 hours of becoming aware of it/)).toBeTruthy();
    view.unmount();

    const other = await draftWith('compromised', answersOf(compromised));
    openApp(`/report/${other.id}/check`);
    await checkHeading();
    expect(screen.queryByText(/Report to the regulator/)).toBeNull();
  });

  it('sends a complete report: it moves to the outbox, the draft goes, and the reference is shown', async () => {
    const draft = await draftWith('compromised', answersOf(compromised));
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    fireEvent.click(screen.getByRole('button', { name: 'Send report' }));

    await screen.findByRole('heading', { level: 1, name: 'Report saved' });
    expect(currentUrl()).toBe(`/report/${draft.id}/sent`);
    const reference = screen.getByTestId('reference').textContent!;
    expect(reference).toMatch(/^[A-HJKMNP-Z2-9]{5}-[A-HJKMNP-Z2-9]{5}$/);
    // Only a lost or stolen device involves the police.
    expect(screen.getByText(/^Quote your reference/).textContent).not.toContain('police');
    expect(reference).toBe(`${draft.reference.slice(0, 5)}-${draft.reference.slice(5)}`);
    expect(screen.getByText('Waiting to send')).toBeTruthy();

    expect(await getDraft(draft.id)).toBeUndefined();
    const record = await getOutboxRecord(draft.id);
    expect(record).toMatchObject({ status: 'waiting', reference: draft.reference, kind: 'compromised', attempts: 0 });
    expect(await openSealed(record?.body)).toMatchObject({ whatHappened: compromised.whatHappened, reporter: departmentReporter });
    expect(sends.asked()).toBe(1);
  });

  it('does not send an incomplete report: it says what to fix, links to it, and keeps the draft', async () => {
    const answers = answersOf(lostDevice);
    delete answers.whatHappened;
    delete answers.reporter!.email;
    const draft = await draftWith('lost-device', answers);
    openApp(`/report/${draft.id}/check`);
    await checkHeading();
    expect(screen.getByText('Tell us what happened', { selector: 'dt' }).closest('div')!.textContent).toContain('Not answered');

    fireEvent.click(screen.getByRole('button', { name: 'Send report' }));
    const summary = await findErrorSummary();
    expect(summaryLinks(summary)).toEqual([
      { message: 'Describe what happened', href: `/report/${draft.id}/what-happened?return=check#whatHappened` },
      { message: 'Enter your work email address', href: `/report/${draft.id}/about-you?return=check#reporter-email` },
    ]);
    expect(currentUrl()).toBe(`/report/${draft.id}/check`);
    expect(await getDraft(draft.id)).toBeDefined();
    expect(await db.outbox.count()).toBe(0);
    expect(sends.asked()).toBe(0);

    // Following a link: fix it there; Continue goes on to the next page still to fix, then back to check.
    fireEvent.click(within(summary).getByRole('link', { name: 'Describe what happened' }));
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    fireEvent.input(screen.getByLabelText('Tell us what happened'), { target: { value: 'Left on a train' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByRole('heading', { level: 1, name: 'About you' });
    fireEvent.input(screen.getByLabelText('Your work email address'), { target: { value: 'sam@justice.gov.uk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await checkHeading();
    await waitFor(() => expect(screen.getByText('Tell us what happened', { selector: 'dt' }).closest('div')!.textContent).toContain('Left on a train'));
  });
});
