// What the app shows about signing in: "Sign in to send" while reports wait for it (a real form to the
// endpoint's /auth/sign-in that comes back to the same page), the demo banner, and the reporter's details
// filled in from the sign-in without overwriting what they typed.
import { screen, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../src/db/database.ts';
import { fillReporterIfEmpty, getDraft } from '../../../src/db/drafts.ts';
import { loadMe } from '../../../src/app/auth/me.ts';
import { API_ME } from '../../../src/shared/auth.ts';
import { draftWith, openApp, outboxRecord, setOnline, useCleanDevice } from './helpers.tsx';

useCleanDevice();
afterEach(() => localStorage.clear());

const waiting = () => outboxRecord({ id: crypto.randomUUID(), reference: 'ABCDE23456', kind: 'lost-device', status: 'needs-sign-in', problem: 'Sign in to send it' });

/** The form behind a "Sign in to send" button: where it goes, and the page it asks to come back to. */
function signInForm(button: HTMLElement) {
  const form = button.closest('form')!;
  return { method: form.getAttribute('method'), action: form.getAttribute('action'), returnTo: (form.elements.namedItem('returnTo') as HTMLInputElement).value };
}

describe('reports waiting for a sign-in', () => {
  it('are named on the start page with a "Sign in to send" button that comes back to it', async () => {
    await db.outbox.add(waiting());
    openApp('/');
    const button = await screen.findByRole('button', { name: 'Sign in to send' });
    expect(signInForm(button)).toEqual({ method: 'get', action: '/auth/sign-in', returnTo: '/' });
    expect(within(screen.getByTestId('your-reports')).getByText('Waiting for you to sign in')).toBeTruthy();
  });

  it('are not offered a sign-in while offline, only told it will be needed', async () => {
    await db.outbox.add(waiting());
    setOnline(false);
    openApp('/');
    expect((await screen.findByTestId('sign-in-to-send')).textContent).toContain('When you are back online, sign in to send them');
    expect(screen.queryByRole('button', { name: 'Sign in to send' })).toBeNull();
  });

  it('show the button on the confirmation page too, coming back to it', async () => {
    const record = waiting();
    await db.outbox.add(record);
    openApp(`/report/${record.id}/sent`);
    const button = await screen.findByRole('button', { name: 'Sign in to send' });
    expect(signInForm(button).returnTo).toBe(`/report/${record.id}/sent`);
  });

  it('are not mentioned when nothing waits for a sign-in', async () => {
    await db.outbox.add({ ...waiting(), status: 'waiting' });
    openApp('/');
    await screen.findByTestId('your-reports');
    expect(screen.queryByTestId('sign-in-to-send')).toBeNull();
  });
});

describe('the header and the demo banner', () => {
  it('offer no Sign in while the endpoint has not said who is signed in (offline)', async () => {
    openApp('/');
    const account = await screen.findByRole('navigation', { name: 'Your account' });
    await screen.findByRole('heading', { level: 1 });
    expect(within(account).queryByRole('button')).toBeNull();
  });

  it('show the demo banner on every page once the endpoint has said sign-in is the demo one, offline too', async () => {
    openApp('/');
    await screen.findByRole('heading', { level: 1 });
    expect(screen.queryByTestId('demo-banner')).toBeNull();
    localStorage.setItem('report-a-security-incident:demo', 'yes');
    setOnline(false);
    openApp('/report/nothing/check');
    expect((await screen.findByTestId('demo-banner')).textContent).toContain('for trying the service only');
  });

  it('offer Sign in once the endpoint says nobody is signed in', async () => {
    const fetchBefore = globalThis.fetch;
    globalThis.fetch = async (input, init) =>
      String(input instanceof Request ? input.url : input).endsWith(API_ME) ? Response.json({ user: null, demo: false }) : fetchBefore(input, init);
    try {
      await loadMe();
    } finally {
      globalThis.fetch = fetchBefore;
    }
    openApp('/');
    const button = await within(await screen.findByRole('navigation', { name: 'Your account' })).findByRole('button', { name: 'Sign in' });
    expect(signInForm(button)).toEqual({ method: 'get', action: '/auth/sign-in', returnTo: '/' });
  });
});

describe('the reporter from the sign-in', () => {
  const person = { name: 'Rosa Reporter', email: 'rosa.reporter@example.org' };

  it('fills an empty name and email into a draft', async () => {
    const draft = await draftWith('lost-device', { whatHappened: 'Laptop left on a train.' });
    expect(await fillReporterIfEmpty(draft.id, person)).toBe(true);
    expect((await getDraft(draft.id))?.answers).toEqual({ whatHappened: 'Laptop left on a train.', reporter: person });
  });

  it('never overwrites what the reporter typed, and fills only what is missing', async () => {
    const draft = await draftWith('lost-device', { reporter: { name: 'R. Reporter', email: '  ', phone: '07700 900 982' } });
    expect(await fillReporterIfEmpty(draft.id, person)).toBe(true);
    expect((await getDraft(draft.id))?.answers.reporter).toEqual({ name: 'R. Reporter', email: person.email, phone: '07700 900 982' });
    expect(await fillReporterIfEmpty(draft.id, { name: 'Someone Else', email: 'else@example.org' })).toBe(false);
    expect((await getDraft(draft.id))?.answers.reporter).toEqual({ name: 'R. Reporter', email: person.email, phone: '07700 900 982' });
  });
});
