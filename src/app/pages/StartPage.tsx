import { useLocation } from 'preact-iso';
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { storeExists } from '../../db/store-exists.ts';
import { reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import type { ReportKind } from '../../shared/report.ts';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { ChoiceList } from '../components/ChoiceList.tsx';
import { OfflineBanner, ServiceDeskPhone } from '../components/Layout.tsx';
import { PageTitle, SERVICE_NAME } from '../components/PageTitle.tsx';
import { SafariNotice } from '../components/SafariNotice.tsx';
import { NotificationBanner } from '../components/NotificationBanner.tsx';
import { usePrerendering } from '../prerendering.ts';
import { onOutboxEvent } from '../sw-bridge.ts';
import { ThisDevice } from '../components/ThisDevice.tsx';

/** "Report sent", said to screen readers when a report of this device is sent (from this tab, another, or the worker). */
function SentAnnouncement() {
  const [announcement, setAnnouncement] = useState('');
  useEffect(
    () =>
      onOutboxEvent((event) => {
        if (event.type === 'REPORT_SENT') setAnnouncement(`Report sent. The incident team's reference is ${formatReference(event.reference)}.`);
      }),
    [],
  );
  // Always in the page, so screen readers hear it when its text changes.
  return <div class="govuk-visually-hidden" role="status" aria-live="polite" data-testid="sent-announcement">{announcement}</div>;
}

/**
 * The list of the reporter's drafts and reports, loaded (with the storage code) only once this device holds
 * anything: asked at start, and again when another tab or the service worker changes the outbox.
 */
function useYourReports(): ComponentType | null {
  const [list, setList] = useState<{ YourReports: ComponentType } | null>(null);
  useEffect(() => {
    let loading = false;
    const load = async () => {
      if (loading) return;
      // Asked again after the wait: another outbox event may have started the load meanwhile.
      if (!(await storeExists()) || loading) return;
      loading = true;
      try {
        setList(await import('../components/YourReports.tsx'));
      } catch {
        loading = false; // the next outbox event tries again
      }
    };
    void load();
    return onOutboxEvent(() => void load());
  }, []);
  return list?.YourReports ?? null;
}

/** GOV.UK success banner after "Yes, delete it". */
function DeletedBanner() {
  return (
    <NotificationBanner id="deleted-title" title="Success" heading="Draft deleted" success testId="draft-deleted">
      <p class="govuk-body">It has been deleted from this device.</p>
    </NotificationBanner>
  );
}

export function StartPage() {
  const { route, query } = useLocation();
  const [kind, setKind] = useState<ReportKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  // In index.html as built, the choice waits for the app's code (a tap before it would submit the bare form).
  const waiting = usePrerendering() || undefined;
  const YourReports = useYourReports();

  const start = async (event: Event) => {
    event.preventDefault();
    if (!kind) return setError('Select what you want to report');
    try {
      const { createDraft, requestPersistentStorage } = await import('../../db/drafts.ts');
      const draft = await createDraft(kind);
      void requestPersistentStorage();
      route(`/report/${draft.id}/what-happened`);
    } catch {
      setError('A report cannot be started on this device: its storage is full or blocked (for example in a private window). Call the IT Service Desk on 0800 917 5148 instead.');
    }
  };

  return (
    <>
      <OfflineBanner />
      {query.deleted && !waiting && <DeletedBanner />}
      <SafariNotice />
      <ErrorSummary errors={error ? [{ href: '#kind', message: error }] : []} />
      <PageTitle heading={SERVICE_NAME} error={!!error} />
      <h1 class="govuk-heading-xl">{SERVICE_NAME}</h1>
      <p class="govuk-body-l">
        Report a lost or stolen device, a compromised device or account, a personal data breach, or any other security
        incident or near-miss.
      </p>
      <p class="govuk-body">
        You can do this without a network. Your answers are saved on this device as you type, and your report is sent
        when you are back online.
      </p>
      <div class="govuk-warning-text">
        <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
        <strong class="govuk-warning-text__text">
          <span class="govuk-visually-hidden">Warning</span>
          If a device has been lost or stolen, call the IT Service Desk now on <ServiceDeskPhone />.
        </strong>
      </div>
      <form noValidate onSubmit={start}>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <fieldset class="govuk-fieldset" aria-describedby={error ? 'kind-error' : undefined} disabled={waiting}>
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--m">
              <h2 class="govuk-fieldset__heading">What do you want to report?</h2>
            </legend>
            {error && (
              <p id="kind-error" class="govuk-error-message">
                <span class="govuk-visually-hidden">Error:</span> {error}
              </p>
            )}
            <ChoiceList kind="radios" id="kind" name="kind" options={reportKinds} selected={kind ? [kind] : []} onChoose={(k) => setKind(k as ReportKind)} />
          </fieldset>
        </div>
        <button type="submit" class="govuk-button govuk-button--start" disabled={waiting}>
          Start report
          <svg class="govuk-button__start-icon" xmlns="http://www.w3.org/2000/svg" width="17.5" height="19" viewBox="0 0 33 40" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M0 0h13l20 20-20 20H0l20-20z" />
          </svg>
        </button>
      </form>
      <SentAnnouncement />
      {YourReports && <YourReports />}
      <ThisDevice />
    </>
  );
}
