// Signing in as a person would, in Chromium: through the endpoint's /auth/sign-in and the development
// provider's form (at http://localhost:<port>, another site), back to the app. Once per browser profile: the
// session cookie lasts, like a reporter's.
import type { Page } from 'playwright-core';
import { signInLocation } from '../../../src/shared/auth.ts';

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
