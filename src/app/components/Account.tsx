import { useLocation } from 'preact-iso';
import { AUTH_SIGN_IN, AUTH_SIGN_OUT } from '../../shared/auth.ts';
import { useMe } from '../auth/me.ts';
import { usePrerendering } from '../prerendering.ts';

/**
 * In the header: who is signed in, with Sign out; or Sign in. Nothing while that is not known (offline, or
 * before the endpoint answers): a reporter signed in is not told to sign in, and offline a Sign in button
 * would only lead to the browser's offline page. The space stays, so the answer moves nothing.
 */
export function AccountNav() {
  const { user, known } = useMe();
  const { url } = useLocation();
  return (
    <nav class="app-account" aria-label="Your account" data-testid="account">
      {!known ? (
        <span class="app-account__button app-account__placeholder" aria-hidden="true">Sign in</span>
      ) : user ? (
        <form method="post" action={AUTH_SIGN_OUT} class="app-account__form">
          <span class="app-account__name">Signed in as {user.name}</span>
          <button type="submit" class="app-account__button">Sign out</button>
        </form>
      ) : (
        <form method="get" action={AUTH_SIGN_IN} class="app-account__form">
          <input type="hidden" name="returnTo" value={url} />
          <button type="submit" class="app-account__button">Sign in</button>
        </form>
      )}
    </nav>
  );
}

/**
 * On every page while sign-in is the built-in demo provider: the service is for trying out only. Known only once
 * the endpoint has answered (or remembered from an earlier visit), so it is held at the foot of the screen:
 * arriving there, it moves nothing already on the page.
 */
export function DemoBanner() {
  const asBuilt = usePrerendering();
  const { demo } = useMe();
  if (!demo || asBuilt) return null;
  return (
    <div class="app-demo-banner" role="region" aria-label="Demo service" data-testid="demo-banner">
      <div class="govuk-width-container">
        <div class="govuk-phase-banner">
          <p class="govuk-phase-banner__content">
            <strong class="govuk-tag govuk-tag--red govuk-phase-banner__content__tag">Demo</strong>
            <span class="govuk-phase-banner__text">
              This is for trying the service only: you sign in as a demo user. Do not report a real incident here.
            </span>
          </p>
        </div>
      </div>
    </div>
  );
}
