import { screen, within } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { draftWith, openApp, useCleanDevice } from './helpers.tsx';

useCleanDevice();

/** The numbered steps above the questions. */
function steps(): string[] {
  const main = document.getElementById('main-content')!;
  const list = within(main).getAllByRole('list').find((l) => l.tagName === 'OL')!;
  return within(list).getAllByRole('listitem').map((li) => li.textContent!.replace(/\s+/g, ' ').trim());
}

describe('"Do this now" page', () => {
  it('for a lost device: call the service desk, tell the line manager and the police; only a shut-down device is fully encrypted', async () => {
    const draft = await draftWith('lost-device');
    openApp(`/report/${draft.id}/do-this-now`);
    await screen.findByRole('heading', { level: 1, name: 'Do this now' });

    const call = within(document.getElementById('main-content')!).getByRole('link', { name: '0800 917 5148' });
    expect(call.getAttribute('href')).toBe('tel:08009175148');
    const [desk, manager, police, ...rest] = steps();
    expect(rest).toEqual([]);
    expect(desk).toContain('Contact the IT Service Desk: call 0800 917 5148');
    expect(manager).toBe('Tell your line manager as soon as possible.');
    expect(police).toBe('For a lost or stolen device, contact the police and make sure you get the incident reference number.');
    expect(screen.getByText(/Only a device that was shut down is fully encrypted\./).textContent).toContain(
      'A locked or sleeping laptop can be accessed more easily, so tell the service desk which state it was in.',
    );

    for (const question of ['Have you contacted the IT Service Desk?', 'Have you told your line manager?', 'Have you told the police?']) {
      expect(screen.getByRole('group', { name: question })).toBeTruthy();
    }
  });

  it('for a compromised account: the service desk and the line manager, but no police and no encryption note', async () => {
    const draft = await draftWith('compromised');
    openApp(`/report/${draft.id}/do-this-now`);
    await screen.findByRole('heading', { level: 1, name: 'Do this now' });

    expect(within(document.getElementById('main-content')!).getByRole('link', { name: '0800 917 5148' }).getAttribute('href')).toBe('tel:08009175148');
    const list = steps();
    expect(list).toHaveLength(2);
    expect(list[0]).toContain('Contact the IT Service Desk');
    expect(list[1]).toBe('Tell your line manager as soon as possible.');
    expect(screen.getByRole('group', { name: 'Have you contacted the IT Service Desk?' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Have you told your line manager?' })).toBeTruthy();
    expect(screen.queryByRole('group', { name: 'Have you told the police?' })).toBeNull();
    expect(screen.queryByText(/police/i)).toBeNull();
    expect(screen.queryByText(/fully encrypted/)).toBeNull();
  });

  it('offers "Not needed" to a reporter from the data protection team, never for a lost or stolen device', async () => {
    const labels = (question: string) => within(screen.getByRole('group', { name: question })).getAllByRole('radio').map((r) => (r as HTMLInputElement).labels![0]!.textContent);
    const breach = await draftWith('data-breach');
    const view = openApp(`/report/${breach.id}/do-this-now`);
    await screen.findByRole('heading', { level: 1, name: 'Do this now' });
    expect(labels('Have you contacted the IT Service Desk?')).toEqual(['Yes', 'No', expect.stringMatching(/^Not needed: /)]);
    expect(labels('Have you told your line manager?')).toEqual(['Yes', 'No', expect.stringMatching(/^Not needed: /)]);
    view.unmount();

    const lost = await draftWith('lost-device');
    openApp(`/report/${lost.id}/do-this-now`);
    await screen.findByRole('heading', { level: 1, name: 'Do this now' });
    expect(labels('Have you contacted the IT Service Desk?')).toEqual(['Yes', 'No']);
    expect(labels('Have you told your line manager?')).toEqual(['Yes', 'No']);
  });
});
