import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { acceptUpdate, isUpdateWaiting, onUpdateWaiting } from '../sw-bridge.ts';
import { useOnline } from '../hooks.ts';
import { usePrerendering } from '../prerendering.ts';
import { AccountNav, DemoBanner } from './Account.tsx';

/**
 * Saves the drafts open on screen before an update reloads the page. The drafts' code is loaded by the pages
 * that show a draft, not by the start page: not loaded yet, it has no draft open, and a failure to load it
 * (offline, before the worker cached it) leaves nothing unsaved.
 */
async function saveOpenDrafts(): Promise<void> {
  const drafts = await import('../useDraft.ts').catch(() => null);
  await drafts?.flushOpenDrafts();
}

export const SERVICE_DESK_PHONE = '0800 917 5148';
export const SERVICE_PORTAL_URL = 'https://mojprod.service-now.com/moj_sp';

/** The service desk number as a tap-to-call link, wherever it appears. */
export function ServiceDeskPhone({ class: className = 'govuk-link' }: { class?: string }) {
  return <a class={className} href={`tel:${SERVICE_DESK_PHONE.replace(/\s/g, '')}`}>{SERVICE_DESK_PHONE}</a>;
}

function UpdateBanner() {
  const [waiting, setWaiting] = useState(isUpdateWaiting);
  const [busy, setBusy] = useState(false);
  useEffect(() => onUpdateWaiting(() => setWaiting(true)), []);
  if (!waiting) return null;
  return (
    <div class="govuk-notification-banner" role="region" aria-labelledby="update-banner-title">
      <div class="govuk-notification-banner__header">
        <h2 class="govuk-notification-banner__title" id="update-banner-title">Update</h2>
      </div>
      <div class="govuk-notification-banner__content">
        <p class="govuk-notification-banner__heading">A new version of this app is available.</p>
        <p class="govuk-body">Your answers are saved on this device and will still be here after the update.</p>
        <button
          type="button"
          class="govuk-button govuk-!-margin-bottom-0"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void acceptUpdate(saveOpenDrafts);
          }}
        >
          Update now
        </button>
      </div>
    </div>
  );
}

export function OfflineBanner() {
  const asBuilt = usePrerendering();
  const online = useOnline();
  if (online || asBuilt) return null;
  return (
    <div class="govuk-inset-text govuk-!-margin-top-0" role="status" data-testid="offline-banner">
      <strong>You are offline.</strong> Your report will be kept on this device and sent when you are back online.
    </div>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  return (
    <>
      <a href="#main-content" class="govuk-skip-link">Skip to main content</a>
      <header class="govuk-header" data-module="govuk-header">
        <div class="govuk-header__container govuk-width-container">
          <div class="govuk-header__content">
            <a href="/" class="govuk-header__link govuk-header__service-name">Report a security incident</a>
          </div>
          <AccountNav />
        </div>
      </header>
      <div class="govuk-width-container">
        <div class="govuk-phase-banner">
          <p class="govuk-phase-banner__content">
            <strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>
            <span class="govuk-phase-banner__text">Works without a network. Urgent? Call the IT Service Desk on <ServiceDeskPhone />.</span>
          </p>
        </div>
        <main class="govuk-main-wrapper" id="main-content" tabIndex={-1}>
          <UpdateBanner />
          {children}
        </main>
      </div>
      <footer class="govuk-footer">
        <div class="govuk-width-container">
          <div class="govuk-footer__meta">
            <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
              <p class="govuk-body-s govuk-!-margin-bottom-0">
                Security questions: <a class="govuk-footer__link" href="mailto:security@justice.gov.uk">security@justice.gov.uk</a>
              </p>
            </div>
          </div>
        </div>
      </footer>
      <DemoBanner />
    </>
  );
}
