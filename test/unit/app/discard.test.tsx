import { fireEvent, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { getDraft } from '../../../src/db/drafts.ts';
import { formatReference } from '../../../src/shared/reference.ts';
import { currentUrl, draftWith, openApp, useCleanDevice } from './helpers.tsx';

useCleanDevice();

async function askToDelete(): Promise<{ id: string; reference: string }> {
  const draft = await draftWith('lost-device', { occurrence: 'incident', whatHappened: 'Phone left in a taxi' });
  openApp(`/report/${draft.id}/what-happened`);
  await screen.findByRole('heading', { level: 1, name: 'What happened?' });
  fireEvent.click(screen.getByRole('link', { name: 'Delete this report' }));
  await screen.findByRole('heading', { level: 1, name: 'Are you sure you want to delete this draft report?' });
  expect(currentUrl()).toBe(`/report/${draft.id}/discard`);
  expect(screen.getByText(/Everything you have typed in it will be deleted from this device/).textContent).toContain(formatReference(draft.reference));
  return draft;
}

describe('deleting a draft', () => {
  it('"Yes, delete it" deletes the draft from this device', async () => {
    const draft = await askToDelete();
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete it' }));
    await screen.findByRole('heading', { level: 1, name: 'Report a security incident' });
    expect(await getDraft(draft.id)).toBeUndefined();
    expect(screen.queryByText(formatReference(draft.reference))).toBeNull();
    expect(screen.getByTestId('draft-deleted').textContent).toContain('Draft deleted');
  });

  it('"No, keep it" keeps the draft and its answers', async () => {
    const draft = await askToDelete();
    fireEvent.click(screen.getByRole('link', { name: 'No, keep it' }));
    await screen.findByRole('heading', { level: 1, name: 'Report a security incident' });
    expect((await getDraft(draft.id))?.answers).toEqual({ occurrence: 'incident', whatHappened: 'Phone left in a taxi' });
    expect(await screen.findByText(formatReference(draft.reference))).toBeTruthy();
  });
});
