import { useLocation } from 'preact-iso';
import { AUTH_SIGN_IN } from '../../shared/auth.ts';
import { useOnline } from '../hooks.ts';

/**
 * Shown while reports wait for a sign-in: a real form (a full page load, which the service worker leaves to
 * the network), so the browser goes to the identity provider and comes back to this very page.
 */
export function SignInToSend() {
  const online = useOnline();
  const { url } = useLocation();
  if (!online) {
    return (
      <p class="govuk-body" data-testid="sign-in-to-send">
        Your reports are saved on this device. When you are back online, sign in to send them.
      </p>
    );
  }
  return (
    <form method="get" action={AUTH_SIGN_IN} data-testid="sign-in-to-send">
      <p class="govuk-body">Your reports are saved on this device. Sign in with your work account to send them.</p>
      <input type="hidden" name="returnTo" value={url} />
      <button type="submit" class="govuk-button" data-module="govuk-button">
        Sign in to send
      </button>
    </form>
  );
}
