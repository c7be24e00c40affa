// Signing in as a person would, in Chromium: through the endpoint's /auth/sign-in and the development
// provider's form (at http://localhost:<port>, another site), back to the app. Once per browser profile: the
// session cookie lasts, like a reporter's.
import type { Page } from 'playwright-core';
import { signInLocation, type SessionUser } from '../../../src/shared/auth.ts';
import type { RunningEndpoint } from '../../support/server.ts';
import { testUser } from '../../support/sign-in.ts';
import type { Device } from './chromium.ts';

/** Fills in the development provider's form as `username` (any password) and waits to be back at `baseUrl`. */
export async function signInOnProviderPage(page: Page, baseUrl: string, username = 'reporter'): Promise<void> {
  await page.getByRole('heading', { level: 1, name: 'Sign in (demo)' }).waitFor();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill('any password will do');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.origin === new URL(baseUrl).origin && !url.pathname.startsWith('/auth/'));
}

/** Signs in from nowhere in particular, coming back to `returnTo`. */
export async function signInInBrowser(page: Page, baseUrl: string, username = 'reporter', returnTo = '/'): Promise<void> {
  await page.goto(`${baseUrl}${signInLocation(returnTo)}`);
  await signInOnProviderPage(page, baseUrl, username);
}

/**
 * Signs a reporter (a fresh one by default) in on `device` without the provider: a session made in the store,
 * its cookie put in the browser for the endpoint's host (cookies ignore ports: a proxy on 127.0.0.1 gets it too).
 */
export async function signInDevice(device: Device, endpoint: RunningEndpoint, user: SessionUser = testUser()): Promise<SessionUser> {
  const cookie = await endpoint.session(user);
  const at = cookie.indexOf('=');
  await device.context.addCookies([{ name: cookie.slice(0, at), value: cookie.slice(at + 1), url: endpoint.url, httpOnly: true, sameSite: 'Lax' }]);
  return user;
}
