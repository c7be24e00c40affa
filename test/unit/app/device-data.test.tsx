// The start page's stale-draft warning and what it leads to, on a clock the test sets (vitest's fake Date),
// and the pages for what the app keeps on this device: saving sealed reports to a file, deleting everything.
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../../src/db/database.ts';
import { createDraft, getDraft } from '../../../src/db/drafts.ts';
import { sealReport } from '../../../src/sync/seal.ts';
import { formatReference } from '../../../src/shared/reference.ts';
import { DAY_MS } from '../../../src/shared/draft-expiry.ts';
import { testJwks } from '../sealing-keys.ts';
import { compromised, lostDevice } from '../fixtures/casefile.ts';
import { openApp, outboxRecord, useCleanDevice } from './helpers.tsx';

useCleanDevice();
afterEach(() => {
  vi.useRealTimers();
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
});

const START = Date.parse('2026-03-01T09:00:00Z');
/** Sets the device's clock `days` after the draft was started (only Date is faked: IndexedDB's timers run as they do). */
function clockAt(days: number): Date {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(START + days * DAY_MS);
  return new Date();
}

const startHeading = () => screen.findByRole('heading', { level: 1, name: 'Report a security incident' });

describe('a draft nobody opens', () => {
  it('is flagged after 30 days, in plain words, and the time the warning was shown is kept with it', async () => {
    clockAt(0);
    const draft = await createDraft('lost-device');
    clockAt(29);
    const { unmount } = openApp('/');
    await screen.findByTestId('draft');
    expect(screen.queryByTestId('stale-draft')).toBeNull();
    unmount();

    const shown = clockAt(31);
    openApp('/');
    const warning = await screen.findByTestId('stale-draft');
    expect(warning.textContent).toBe('!WarningNot opened or changed since 1 March 2026. It will be deleted from this device on 8 April 2026 unless you open it.');
    await waitFor(async () => expect((await getDraft(draft.id))!.staleNoticeShownAt).toBe(shown.toISOString()));
  });

  it('is deleted 7 days after the warning was shown, and the start page says so', async () => {
    clockAt(0);
    const draft = await createDraft('lost-device');
    clockAt(31);
    const { unmount } = openApp('/');
    await screen.findByTestId('stale-draft');
    await waitFor(async () => expect((await getDraft(draft.id))!.staleNoticeShownAt).toBeDefined());
    unmount();

    clockAt(37.9);
    const again = openApp('/');
    expect((await screen.findByTestId('stale-draft')).textContent).toContain('It will be deleted from this device on 8 April 2026');
    again.unmount();

    clockAt(38);
    openApp('/');
    const deleted = await screen.findByTestId('stale-drafts-deleted');
    expect(deleted.textContent).toContain('A draft was deleted from this device: nobody opened it after the warning.');
    expect(deleted.textContent).toContain(`A lost or stolen device, reference ${formatReference(draft.reference)}, last opened or changed 1 March 2026`);
    expect(screen.queryByTestId('draft')).toBeNull();
    expect(await db.drafts.count()).toBe(0);
  });

  it('is not deleted, even after 60 days, while the page was never visible to the reporter', async () => {
    clockAt(0);
    const draft = await createDraft('lost-device');
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    clockAt(31);
    const { unmount } = openApp('/');
    await screen.findByTestId('stale-draft');
    await new Promise((r) => setTimeout(r, 50));
    unmount();
    clockAt(60);
    openApp('/');
    await screen.findByTestId('stale-draft');
    expect((await getDraft(draft.id))!.staleNoticeShownAt).toBeUndefined();
    expect(await db.drafts.count()).toBe(1);
  });

  it('is no longer flagged once opened', async () => {
    clockAt(0);
    const draft = await createDraft('lost-device');
    clockAt(31);
    const { unmount } = openApp('/');
    await screen.findByTestId('stale-draft');
    unmount();
    const opened = openApp(`/report/${draft.id}/what-happened`);
    await screen.findByRole('heading', { level: 1, name: 'What happened?' });
    await waitFor(async () => expect((await getDraft(draft.id))!.staleNoticeShownAt).toBeUndefined());
    opened.unmount();
    clockAt(40);
    openApp('/');
    await screen.findByTestId('draft');
    expect(screen.queryByTestId('stale-draft')).toBeNull();
  });
});

/** Two reports waiting to send (sealed), one refused, one sent. */
async function queueReports() {
  const sealed = { format: 'jwe', jwe: (await sealReport(lostDevice, testJwks)).jwe } as const;
  await db.outbox.bulkAdd([
    outboxRecord({ id: lostDevice.id, reference: lostDevice.reference, kind: 'lost-device', status: 'waiting', createdAt: '2026-03-02T10:15:00.000Z', body: sealed }),
    outboxRecord({ id: compromised.id, reference: compromised.reference, kind: 'compromised', status: 'needs-attention', createdAt: '2026-03-03T11:30:00.000Z', body: sealed }),
    outboxRecord({ id: crypto.randomUUID(), reference: 'ABCDEFGHJK', kind: 'other', status: 'sent', receipt: { id: crypto.randomUUID(), reference: 'ABCDEFGHJK', receivedAt: '2026-03-01T10:00:00.000Z' } }),
  ]);
}

describe('delete everything this app keeps on this device', () => {
  it('names the reports that have not reached the team, then deletes every table and says so', async () => {
    await queueReports();
    await createDraft('other');
    const reply = { reportId: crypto.randomUUID(), kind: 'addition' as const, submittedAt: '2026-03-04T08:00:00.000Z', attempts: 0 };
    await db.replies.bulkAdd([
      { ...reply, id: crypto.randomUUID(), status: 'waiting' },
      { ...reply, id: crypto.randomUUID(), status: 'sent', receipt: { id: crypto.randomUUID(), receivedAt: '2026-03-04T08:01:00.000Z' } },
    ]);
    openApp('/');
    await startHeading();
    fireEvent.click(await screen.findByRole('link', { name: 'Delete everything this app keeps on this device' }));
    await screen.findByRole('heading', { level: 1, name: 'Delete everything this app keeps on this device' });
    await waitFor(() => expect(document.title).toBe('Delete everything this app keeps on this device – Report a security incident'));
    await waitFor(() => expect(screen.getByTestId('never-sent-warning').textContent).toBe('!WarningThese 2 reports have not reached the incident team. If you delete them, they will never reach the team.'));
    const table = await screen.findByTestId('reports-never-sent');
    const rows = within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));
    expect(rows).toEqual([
      ['A lost or stolen device', formatReference(lostDevice.reference), '2 Mar 2026 10:15'],
      ['A compromised device or account', formatReference(compromised.reference), '3 Mar 2026 11:30'],
    ]);
    expect(screen.getByTestId('drafts-to-delete').textContent).toBe('1 draft will be deleted.');
    expect(screen.getByTestId('replies-never-sent').textContent).toBe('1 answer or added information to a sent report has not reached the incident team either, and never will.');
    const button = screen.getByRole('button', { name: 'Delete everything' });
    expect(button.className).toContain('govuk-button--warning');
    localStorage.setItem('report-incident:demo', 'yes');
    fireEvent.click(button);
    await screen.findByRole('heading', { level: 1, name: 'Everything this app kept on this device has been deleted' });
    await waitFor(() => expect(document.title).toBe('Everything this app kept on this device has been deleted – Report a security incident'));
    for (const table of db.tables) expect(await table.count(), table.name).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('a new draft after it is readable: the key is made again, not the deleted one reused', async () => {
    await createDraft('other');
    openApp('/delete-everything');
    await screen.findByTestId('drafts-to-delete'); // read what there is first: the button waits for it
    fireEvent.click(screen.getByRole('button', { name: 'Delete everything' }));
    await screen.findByRole('heading', { level: 1, name: 'Everything this app kept on this device has been deleted' });
    const draft = await createDraft('lost-device');
    expect(await db.keys.count()).toBe(1);
    expect(await getDraft(draft.id)).toMatchObject({ id: draft.id, answers: {} });
  });
});

describe('save sealed reports to a file', () => {
  it('is offered on the start page while reports wait to send, and lists them', async () => {
    const { unmount } = openApp('/');
    await startHeading();
    expect(screen.queryByRole('link', { name: 'save sealed reports to a file' })).toBeNull();
    unmount();
    await queueReports();
    openApp('/');
    fireEvent.click(await screen.findByRole('link', { name: 'save sealed reports to a file' }));
    await screen.findByRole('heading', { level: 1, name: 'Save sealed reports to a file' });
    const table = await screen.findByTestId('reports-to-save');
    // Only what the device would still send: not the refused report, not the sent one.
    expect(within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual([formatReference(lostDevice.reference)]);
  });
});
