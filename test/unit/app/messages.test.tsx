// The reporter's side of the incident team's questions, in the page components: a sent report's status and
// its date, a question waiting in the list, the answer page (its error, the sealed answer queued, a send asked
// for), and the add-information page only for a report that has been sent.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { db, type OutboxRecord } from '../../../src/db/database.ts';
import { encryptJson } from '../../../src/db/draft-crypto.ts';
import { formatDateTime } from '../../../src/shared/dates.ts';
import { formatReference } from '../../../src/shared/reference.ts';
import { casefileBreach, lostDevice } from '../fixtures/casefile.ts';
import { openSealed } from '../sealing-keys.ts';
import { openApp, outboxRecord, useCleanDevice, useStandInSender } from './helpers.tsx';

useCleanDevice();

const sends = useStandInSender();

const sent = (over: Partial<OutboxRecord> = {}) =>
  outboxRecord({
    id: casefileBreach.id,
    reference: casefileBreach.reference,
    kind: 'data-breach',
    status: 'sent',
    receipt: { id: casefileBreach.id, reference: casefileBreach.reference, receivedAt: '2025-11-03T09:20:00.000Z' },
    ...over,
  });

async function entry(reference: string): Promise<HTMLElement> {
  const list = await screen.findByTestId('your-reports');
  return within(list).getAllByText(formatReference(reference))[0]!.closest('li')!;
}

describe("the incident team's news on the device", () => {
  it('shows a sent report being handled, or closed, with the date', async () => {
    const since = '2025-11-04T10:05:00.000Z';
    const closedAt = '2025-11-20T16:30:00.000Z';
    await db.outbox.bulkAdd([
      sent({ caseStatus: 'being-handled', caseStatusSince: since }),
      outboxRecord({ id: lostDevice.id, reference: lostDevice.reference, kind: 'lost-device', status: 'sent', caseStatus: 'closed', caseStatusSince: closedAt }),
    ]);
    openApp('/');
    const handled = await entry(casefileBreach.reference);
    expect(within(handled).getByText('Being handled').className).toContain('govuk-tag');
    expect(handled.textContent).toContain(`An incident manager has been handling it since ${formatDateTime(new Date(since))}.`);
    const closed = await entry(lostDevice.reference);
    expect(within(closed).getByText('Closed').className).toContain('govuk-tag');
    expect(closed.textContent).toContain(`The incident was closed on ${formatDateTime(new Date(closedAt))}.`);
  });

  it('lists a question to answer; the answer page refuses an empty answer, then seals and queues the answer', async () => {
    await db.outbox.add(sent({ caseStatus: 'being-handled' }));
    const questionId = crypto.randomUUID();
    await db.questions.add({ id: questionId, reportId: casefileBreach.id, askedAt: '2025-11-04T11:00:00.000Z', answeredAt: null, sealedText: await encryptJson('Which address was it sent to?') });
    const app = openApp('/');
    const link = await within(await entry(casefileBreach.reference)).findByRole('link', { name: /^Answer the incident team's question/ });
    expect(link.getAttribute('href')).toBe(`/sent/${casefileBreach.id}/question/${questionId}`);
    app.unmount();

    openApp(`/sent/${casefileBreach.id}/question/${questionId}`);
    await screen.findByRole('heading', { level: 1, name: 'Question from the incident team' });
    expect(screen.getByTestId('question-text').textContent).toBe('Which address was it sent to?');
    fireEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    await screen.findByRole('link', { name: 'Enter your answer' });
    await waitFor(() => expect(document.title).toBe('Error: Question from the incident team – Report a security incident'));
    expect(await db.replies.count()).toBe(0);

    fireEvent.input(screen.getByLabelText('Your answer'), { target: { value: '  To a webmail address.  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send answer' }));
    await within(await screen.findByTestId('reply-status')).findByText('Answer saved');
    expect(sends.asked()).toBe(1);
    const [reply] = await db.replies.toArray();
    expect(reply).toMatchObject({ reportId: casefileBreach.id, kind: 'answer', questionId, status: 'waiting', attempts: 0 });
    expect(JSON.stringify(reply)).not.toContain('webmail');
    expect(await openSealed(reply!.body)).toMatchObject({ id: reply!.id, reportId: casefileBreach.id, kind: 'answer', questionId, text: 'To a webmail address.' });
    expect((await db.questions.get(questionId))?.repliedAt).toBe(reply!.submittedAt);
  });

  it('keeps information being added on the device as it is typed (encrypted), and drops it once it is queued', async () => {
    await db.outbox.add(sent({ caseStatus: 'being-handled' }));
    const page = openApp(`/sent/${casefileBreach.id}/add`);
    await screen.findByRole('heading', { level: 1 });
    fireEvent.input(screen.getByRole('textbox'), { target: { value: 'The laptop bag was found at 14:10.' } });
    await waitFor(async () => expect(await db.replyDrafts.count()).toBe(1));
    expect(JSON.stringify(await db.replyDrafts.toArray())).not.toContain('laptop');
    page.unmount();

    // The page closed before Send: opened again, the text is there.
    openApp(`/sent/${casefileBreach.id}/add`);
    await waitFor(() => expect((screen.getByRole('textbox') as HTMLTextAreaElement).value).toBe('The laptop bag was found at 14:10.'));
    fireEvent.click(screen.getByRole('button', { name: /^Send/ }));
    await screen.findByTestId('reply-status');
    expect(await db.replies.count()).toBe(1);
    expect(await db.replyDrafts.count()).toBe(0);
  });

  it('offers adding information only to a report the incident team has', async () => {
    await db.outbox.add(sent({ status: 'waiting', receipt: undefined }));
    openApp(`/sent/${casefileBreach.id}/add`);
    await screen.findByRole('heading', { level: 1, name: 'Page not found' });
  });
});
