// Safari (iPhone, iPad, Mac) deletes a website's stored data after 7 days of browser use without a visit; an
// app added to the Home Screen is exempt (WebKit's tracking prevention, 2020). A draft started in a Safari tab
// can therefore be lost: say so once, with the way out, until the reporter dismisses it.
import { useState } from 'preact/hooks';
import { usePrerendering } from '../prerendering.ts';
import { NotificationBanner } from './NotificationBanner.tsx';

const DISMISSED_KEY = 'safari-notice-dismissed';

/** Safari by its user agent (every iOS browser is WebKit too, but those others name themselves). */
export function isSafari(userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent): boolean {
  return /Safari\//.test(userAgent) && /(Macintosh|iPhone|iPad|iPod)/.test(userAgent) && !/(Chrome|Chromium|CriOS|FxiOS|EdgiOS|Edg|OPR|Android)\//.test(userAgent);
}

/** Opened from the Home Screen (or as an installed app), where the 7-day rule does not apply. */
function isInstalled(): boolean {
  return (navigator as { standalone?: boolean }).standalone === true || window.matchMedia?.('(display-mode: standalone)').matches === true;
}

function wasDismissed(): boolean {
  try {
    return localStorage.getItem(DISMISSED_KEY) === '1';
  } catch {
    return false;
  }
}

const steps = (
  <ol class="govuk-list govuk-list--number">
    <li>Tap the Share button (a square with an arrow pointing up).</li>
    <li>Choose "Add to Home Screen" (on a Mac: File, then "Add to Dock").</li>
    <li>Open the app from your Home Screen from now on.</li>
  </ol>
);

/** `waiting`: on the confirmation, while a report is still on this device waiting to be sent (never dismissible there). */
export function SafariNotice({ waiting = false }: { waiting?: boolean }) {
  const asBuilt = usePrerendering();
  const [dismissed, setDismissed] = useState(wasDismissed);
  if (asBuilt || !isSafari() || isInstalled() || (dismissed && !waiting)) return null;
  return (
    <NotificationBanner
      id="safari-notice-title"
      title="Important"
      testId="safari-notice"
      heading={
        waiting
          ? 'Safari may delete this report if you do not open this site for 7 days. Add it to your Home Screen so it is kept until it is sent.'
          : 'Safari deletes what this site keeps on your device if you do not open it for 7 days. Add it to your Home Screen to keep your drafts.'
      }
    >
      {steps}
      {!waiting && (
        <button
          type="button"
          class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
          onClick={() => {
            try {
              localStorage.setItem(DISMISSED_KEY, '1');
            } catch {
              /* private mode: it shows again next time */
            }
            setDismissed(true);
          }}
        >
          Hide this message
        </button>
      )}
    </NotificationBanner>
  );
}
