import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { outboxRecordFor } from '../../../src/db/outbox.ts';
import { db } from '../../../src/db/database.ts';
import { getDraft, listDrafts } from '../../../src/db/drafts.ts';
import { keptDraftOf } from '../../../src/db/seal-outbox.ts';
import { encryptDraft } from '../../../src/db/draft-crypto.ts';
import { sealReport } from '../../../src/sync/seal.ts';
import { testJwks } from '../sealing-keys.ts';
import { formatDateTime } from '../../../src/shared/dates.ts';
import { formatReference } from '../../../src/shared/reference.ts';
import { casefileBreach, compromised, lostDevice } from '../fixtures/casefile.ts';
import {
  answersOf,
  currentUrl,
  description,
  draftWith,
  findErrorSummary,
  openApp,
  outboxRecord,
  partsOf,
  reportIdInUrl,
  setOnline,
  summaryLinks,
  useCleanDevice,
} from './helpers.tsx';

useCleanDevice();

const HOUR = 3_600_000;
const startHeading = () => screen.findByRole('heading', { level: 1, name: 'Report a security incident' });
const kindsGroup = () => screen.getByRole('group', { name: 'What do you want to report?' });

/** The entry for the report with this (unformatted) reference in "Your reports on this device". */
async function reportEntry(reference: string): Promise<HTMLElement> {
  const list = await screen.findByTestId('your-reports');
  return within(list).getByText(formatReference(reference)).closest('li')!;
}

describe('start page', () => {
  it('offers the four kinds of report in plain words', async () => {
    openApp('/');
    await startHeading();
    // The service desk number is a tap-to-call link wherever it appears.
    const calls = screen.getAllByRole('link', { name: '0800 917 5148' });
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const link of calls) expect(link.getAttribute('href')).toBe('tel:08009175148');
    const radios = within(kindsGroup()).getAllByRole('radio');
    const kinds = ['A lost or stolen device', 'A compromised device or account', 'A data incident or personal data breach', 'Another security incident'];
    expect(radios).toEqual(kinds.map((name) => within(kindsGroup()).getByRole('radio', { name })));
    // Each comes with examples, read out with the choice.
    expect(description(screen.getByLabelText('A lost or stolen device'))).toContain('Laptop, phone, tablet, USB stick');
    expect(description(screen.getByLabelText('A compromised device or account'))).toContain('you clicked a phishing link');
    expect(radios.every((r) => !(r as HTMLInputElement).checked)).toBe(true);
  });

  it('asks the reporter to choose a kind before starting, and starts nothing', async () => {
    openApp('/');
    await startHeading();
    fireEvent.click(screen.getByRole('button', { name: 'Start report' }));

    const summary = await findErrorSummary();
    expect(summaryLinks(summary)).toEqual([{ message: 'Select what you want to report', href: '#kind' }]);
    // The link goes to the first choice, and the error is read out with the question.
    expect(document.getElementById('kind')).toBe(screen.getByLabelText('A lost or stolen device'));
    expect(kindsGroup().textContent).toContain('Error: Select what you want to report');
    expect(description(kindsGroup())).toContain('Select what you want to report');
    expect(currentUrl()).toBe('/');
    expect(await db.drafts.count()).toBe(0);
  });

  it('starts a draft of the chosen kind on this device and asks what happened', async () => {
    openApp('/');
    await startHeading();
    fireEvent.click(screen.getByLabelText('A compromised device or account'));
    fireEvent.click(screen.getByRole('button', { name: 'Start report' }));

    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    expect(screen.getByText('A compromised device or account', { selector: '.govuk-caption-l' })).toBeTruthy();
    expect(currentUrl()).toMatch(/^\/report\/[0-9a-f-]{36}\/what-happened$/);
    const draft = await getDraft(reportIdInUrl());
    expect(draft).toMatchObject({ kind: 'compromised', answers: {} });
    expect(await listDrafts()).toHaveLength(1);
  });

  it('lists the drafts and sent reports on this device, each with its status', async () => {
    const draft = await draftWith('lost-device', { occurrence: 'incident' });
    await db.outbox.bulkAdd([
      outboxRecord({ id: lostDevice.id, reference: lostDevice.reference, kind: 'lost-device', status: 'waiting' }),
      // The endpoint kept another reference (a rare collision): the receipt's is the one to quote.
      outboxRecord({
        id: compromised.id, reference: compromised.reference, kind: 'compromised', status: 'sent',
        receipt: { id: compromised.id, reference: 'QWERTY2345', receivedAt: '2025-11-03T09:20:00.000Z' },
      }),
      outboxRecord({
        id: casefileBreach.id, reference: casefileBreach.reference, kind: 'data-breach', status: 'needs-attention',
        problem: 'the incident team’s system does not accept this kind of report yet',
      }),
    ]);
    openApp('/');

    await screen.findByRole('heading', { name: 'Your reports on this device' });
    const inDraft = await reportEntry(draft.reference);
    expect(within(inDraft).getByRole('heading', { name: 'A lost or stolen device' })).toBeTruthy();
    expect(within(inDraft).getByText('Draft')).toBeTruthy();
    expect(within(inDraft).getByRole('link', { name: `Continue draft ${formatReference(draft.reference)}` }).getAttribute('href')).toBe(`/report/${draft.id}`);
    expect(within(inDraft).getByRole('link', { name: `Delete draft ${formatReference(draft.reference)}` }).getAttribute('href')).toBe(`/report/${draft.id}/discard`);

    const waiting = await reportEntry(lostDevice.reference);
    expect(within(waiting).getByText('Waiting to send')).toBeTruthy();
    expect(waiting.textContent).toContain('It will be sent automatically when this device is back online');

    const sent = await reportEntry('QWERTY2345');
    expect(within(sent).getByText('Sent')).toBeTruthy();
    expect(within(sent).getByRole('heading', { name: 'A compromised device or account' })).toBeTruthy();
    expect(sent.textContent).toContain('The incident team has it. Their reference is QWERT-Y2345.');
    expect(sent.textContent).not.toContain(formatReference(compromised.reference));

    const attention = await reportEntry(casefileBreach.reference);
    expect(within(attention).getByText('Needs attention')).toBeTruthy();
    expect(attention.textContent).toContain('It could not be sent: the incident team’s system does not accept this kind of report yet.');
    expect(attention.textContent).toContain('0800 917 5148');

    expect(within(screen.getByTestId('your-reports')).getAllByRole('listitem')).toHaveLength(4);
  });

  it('starts a follow-up from a sent breach report, holding the reference the team gave it; none for a report without personal data', async () => {
    await db.outbox.bulkAdd([
      outboxRecord({
        id: casefileBreach.id, reference: casefileBreach.reference, kind: 'data-breach', status: 'sent',
        receipt: { id: casefileBreach.id, reference: 'QWERTY2345', receivedAt: '2025-11-03T09:20:00.000Z' },
      }),
      outboxRecord({ id: compromised.id, reference: compromised.reference, kind: 'compromised', status: 'sent', receipt: { id: compromised.id, reference: compromised.reference, receivedAt: '2025-11-03T09:20:00.000Z' } }),
    ]);
    openApp('/');
    expect(within(await reportEntry(compromised.reference)).queryByRole('button', { name: /Send a follow-up/ })).toBeNull();
    fireEvent.click(within(await reportEntry('QWERTY2345')).getByRole('button', { name: 'Send a follow-up to report QWERT-Y2345' }));
    await screen.findByRole('heading', { level: 1, name: 'What happened?' }, { timeout: 5_000 });
    const [draft] = await listDrafts();
    expect(currentUrl()).toBe(`/report/${draft!.id}/what-happened`);
    expect(draft!.kind).toBe('data-breach');
    expect(draft!.answers).toEqual({ personalData: 'yes', breach: { reportType: 'follow-up', initialReference: 'QWERT-Y2345' } });
  });

  it('takes a refused report back to the drafts to be corrected and sent again, with a new id after a 409', async () => {
    for (const [status, keepsId] of [[400, true], [409, false]] as const) {
      await db.outbox.clear();
      await db.drafts.clear();
      // As a submit leaves it: the report sealed in the outbox, its draft kept until the receipt.
      await db.outbox.add({
        ...outboxRecordFor(casefileBreach, await sealReport(casefileBreach, testJwks)),
        status: 'needs-attention',
        problem: 'The report is incomplete or not valid',
        problemStatus: status,
      });
      await db.drafts.add(await encryptDraft(keptDraftOf(casefileBreach)));
      const { unmount } = openApp('/');
      const attention = await reportEntry(casefileBreach.reference);
      expect(attention.textContent).toContain('Correct it and send it again');
      fireEvent.click(within(attention).getByRole('button', { name: /Correct it and send again/ }));
      await screen.findByRole('heading', { level: 1, name: 'Check your answers before sending your report' });
      expect(await db.outbox.count()).toBe(0);
      const [draft] = await listDrafts();
      expect(draft!.answers.whatHappened).toBe(casefileBreach.whatHappened);
      expect(draft!.answers.breach?.recordsConcerned).toBe(casefileBreach.breach!.recordsConcerned);
      expect(draft!.id === casefileBreach.id).toBe(keepsId);
      expect(draft!.reference === casefileBreach.reference).toBe(keepsId);
      unmount();
    }
  });

  it('shows the regulator deadline for a personal-data breach, in a draft and in the outbox', async () => {
    // Discovered two and a half hours ago (whole minutes, as typed): 69 and a bit hours are left.
    const discovered = new Date(Date.now() - 2.5 * HOUR);
    discovered.setSeconds(0, 0);
    const breachDraft = await draftWith('data-breach', { occurrence: 'incident', personalData: 'yes', discoveredAt: partsOf(discovered) });
    const plainDraft = await draftWith('compromised', { ...answersOf(compromised) });
    const outboxDeadline = new Date(Date.now() + 29.5 * HOUR);
    await db.outbox.bulkAdd([
      outboxRecord({ id: casefileBreach.id, reference: casefileBreach.reference, kind: 'data-breach', status: 'waiting', regulatorDeadline: outboxDeadline.toISOString() }),
      // Sent: the incident team has it, so the deadline is theirs to watch.
      outboxRecord({ id: lostDevice.id, reference: lostDevice.reference, kind: 'lost-device', status: 'sent', regulatorDeadline: outboxDeadline.toISOString() }),
    ]);
    openApp('/');

    const deadline = new Date(discovered.getTime() + 72 * HOUR);
    expect((await reportEntry(breachDraft.reference)).textContent).toContain(`Report to the regulator by ${formatDateTime(deadline, 'Europe/London')}, 2 days 21 h left`);
    expect((await reportEntry(casefileBreach.reference)).textContent).toContain(`Report to the regulator by ${formatDateTime(outboxDeadline, 'Europe/London')}, 29 h left`);
    expect((await reportEntry(plainDraft.reference)).textContent).not.toContain('Report to the regulator');
    expect((await reportEntry(lostDevice.reference)).textContent).not.toContain('Report to the regulator');
  });

  it('opens a draft where the reporter stopped', async () => {
    const answers = answersOf(lostDevice);
    delete answers.lastSeenState; // the first question still to answer is on "The device when you last saw it"
    const draft = await draftWith('lost-device', answers);
    openApp('/');
    fireEvent.click(await screen.findByRole('link', { name: `Continue draft ${formatReference(draft.reference)}` }));
    await screen.findByRole('heading', { level: 1, name: 'The device when you last saw it' });
    expect(currentUrl()).toBe(`/report/${draft.id}/device-state`);
  });

  it('says the report will be kept and sent later while the device is offline', async () => {
    openApp('/');
    await startHeading();
    expect(screen.queryByText(/You are offline/)).toBeNull();

    setOnline(false);
    const banner = (await screen.findByText('You are offline.')).closest('[role="status"]')!;
    expect(banner.textContent).toBe('You are offline. Your report will be kept on this device and sent when you are back online.');

    setOnline(true);
    await waitFor(() => expect(screen.queryByText(/You are offline/)).toBeNull());
  });

  it('shows the offline banner when the app opens without a network', async () => {
    setOnline(false);
    const draft = await draftWith('other');
    openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    expect(screen.getByText(/Your report will be kept on this device and sent when you are back online/)).toBeTruthy();
  });
});
