import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../src/db/database.ts';
import { submitDraft } from '../../../src/db/drafts.ts';
import { otherIncident } from '../fixtures/casefile.ts';
import { answersOf, draftWith, openApp, storedAnswers, useCleanDevice } from './helpers.tsx';

useCleanDevice();
afterEach(async () => {
  if (!db.isOpen()) await db.open(); // later tests need the device storage back
});

describe('when the device storage fails', () => {
  it('says the answers are not saved, keeps them on screen, and saves them once storage works again', async () => {
    const draft = await draftWith('lost-device', { occurrence: 'incident' });
    openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    const text = screen.getByLabelText<HTMLTextAreaElement>('Tell us what happened');

    // The connection goes (as when the browser evicts the storage or closes it): every write now fails.
    db.close();
    fireEvent.input(text, { target: { value: 'My phone was taken from my bag' } });

    const alert = await screen.findByRole('alert');
    expect(alert.querySelector('h2')!.textContent).toBe('Your answers are not saved');
    expect(alert.textContent).toContain('Your answers could not be saved on this device.');
    expect(alert.textContent).toContain('What you typed is still on this screen: do not close it.');
    expect(text.value).toBe('My phone was taken from my bag');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Tell us what happened').value).toBe('My phone was taken from my bag');

    // Storage back: the next change saves everything on screen, and the warning goes.
    await db.open();
    expect(await storedAnswers(draft.id)).toEqual({ occurrence: 'incident' });
    fireEvent.input(text, { target: { value: 'My phone was taken from my bag on the bus' } });
    await waitFor(async () => expect(await storedAnswers(draft.id)).toEqual({ occurrence: 'incident', whatHappened: 'My phone was taken from my bag on the bus' }));
    await waitFor(() => expect(screen.queryByText('Your answers are not saved')).toBeNull());
  });

  it('does not move on to the next page while the answers on screen are not saved', async () => {
    const draft = await draftWith('other', { occurrence: 'incident', otherCategory: 'physical' });
    openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    db.close();
    fireEvent.input(screen.getByLabelText('Tell us what happened'), { target: { value: 'A door was propped open' } });
    await screen.findByText('Your answers are not saved');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('What happened?');
    expect(screen.getByLabelText<HTMLTextAreaElement>('Tell us what happened').value).toBe('A door was propped open');
  });

  it('says the report was deleted in another window, not that storage failed', async () => {
    const draft = await draftWith('other', {});
    openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    await db.drafts.delete(draft.id);

    await screen.findByRole('heading', { level: 1, name: 'This report has been deleted in another window' });
    expect(screen.queryByText('Your answers are not saved')).toBeNull();
  });

  it('says the report was sent from another window, with its status, instead of a storage message', async () => {
    const draft = await draftWith('other', answersOf(otherIncident));
    openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    await submitDraft(draft.id); // what "Send report" does in the other window

    await screen.findByRole('heading', { level: 1, name: 'This report has been sent from another window' });
    expect(screen.getByTestId('sent-elsewhere').textContent).toContain('Waiting to send');
    await waitFor(() => expect(document.title).toBe('This report has been sent from another window – Report a security incident'));
    expect(screen.queryByText('Your answers are not saved')).toBeNull();
  });
});
