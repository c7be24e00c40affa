import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { Draft, OutboxRecord } from '../../db/database.ts';
import { createDraft, listDrafts, listOutbox, reopenReport, requestPersistentStorage } from '../../db/drafts.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import type { ReportKind } from '../../shared/report.ts';
import { Deadline, draftDeadline } from '../components/Deadline.tsx';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { ChoiceList } from '../components/ChoiceList.tsx';
import { OfflineBanner, ServiceDeskPhone } from '../components/Layout.tsx';
import { PageTitle, SERVICE_NAME } from '../components/PageTitle.tsx';
import { SafariNotice } from '../components/SafariNotice.tsx';
import { NotificationBanner } from '../components/NotificationBanner.tsx';
import { StatusTag, statusSentence } from '../components/ReportStatus.tsx';
import { SignInToSend } from '../components/SignInToSend.tsx';
import { usePrerendering } from '../prerendering.ts';
import { SentReportNews } from '../components/SentReportNews.tsx';
import { onOutboxEvent } from '../sw-bridge.ts';
import { DeletedDraftsNotice, StaleDraftNotice } from '../components/StaleDrafts.tsx';
import { ThisDevice } from '../components/ThisDevice.tsx';
import { deleteExpiredDrafts, type DeletedDraft } from '../../db/stale-drafts.ts';
import { followUpAnswers } from '../../shared/follow-up.ts';

function useReports() {
  const [reports, setReports] = useState<{ drafts: Draft[]; outbox: OutboxRecord[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [expired, setExpired] = useState<DeletedDraft[]>([]);
  useEffect(() => {
    const load = () =>
      Promise.all([listDrafts(), listOutbox()]).then(
        ([drafts, outbox]) => setReports({ drafts, outbox }),
        () => setFailed(true),
      );
    // Drafts whose deletion warning was shown and not acted on go before the list is read.
    void deleteExpiredDrafts().then(setExpired, () => undefined).finally(load);
    return onOutboxEvent((event) => {
      if (event.type === 'OUTBOX_PROGRESS') setProgress(event);
      if (event.type === 'OUTBOX_CHANGED') setProgress(null);
      if (event.type === 'REPORT_SENT') setAnnouncement(`Report sent. The incident team's reference is ${formatReference(event.reference)}.`);
      load();
    });
  }, []);
  return { reports, failed, progress, announcement, expired };
}

/** A refused report goes back to the drafts to be corrected and sent again. */
function ReopenButton({ id, reference }: { id: string; reference: string }) {
  const { route } = useLocation();
  return (
    <button
      type="button"
      class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
      onClick={async () => {
        const draft = await reopenReport(id);
        route(`/report/${draft.id}`);
      }}
    >
      Correct it and send again<span class="govuk-visually-hidden"> (report {formatReference(reference)})</span>
    </button>
  );
}

/**
 * A sent report that may be a personal data breach can be followed up: a new draft that already holds the
 * reference the incident team uses to add it to the same case.
 */
function FollowUpButton({ record }: { record: OutboxRecord }) {
  const { route } = useLocation();
  const [failed, setFailed] = useState(false);
  const reference = record.receipt?.reference ?? record.reference;
  return (
    <>
      {failed && <p class="govuk-error-message" role="alert">A follow-up cannot be started on this device: its storage is full or blocked.</p>}
      <button
        type="button"
        class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
        onClick={async () => {
          try {
            const draft = await createDraft(record.kind, new Date(), followUpAnswers(reference));
            route(`/report/${draft.id}`);
          } catch {
            setFailed(true);
          }
        }}
      >
        Send a follow-up<span class="govuk-visually-hidden"> to report {formatReference(reference)}</span>
      </button>
    </>
  );
}

/** Follow-ups are the regulator's: for a report that may involve personal data. */
const canFollowUp = (r: OutboxRecord) => r.status === 'sent' && (r.kind === 'data-breach' || !!r.regulatorDeadline);

function YourReports() {
  const { reports, failed, progress, announcement, expired } = useReports();
  // Always in the page, so screen readers hear it when its text changes.
  const live = (
    <>
      <div class="govuk-visually-hidden" role="status" aria-live="polite" data-testid="sent-announcement">{announcement}</div>
      <DeletedDraftsNotice drafts={expired} />
    </>
  );
  if (failed) {
    return <p class="govuk-body">Your saved reports cannot be read on this device just now. Try closing and reopening the app.</p>;
  }
  if (!reports || (reports.drafts.length === 0 && reports.outbox.length === 0)) return live;
  return (
    <>
      {live}
      <h2 class="govuk-heading-m">Your reports on this device</h2>
      {progress && progress.total > 1 && (
        <p class="govuk-body" role="status" data-testid="send-progress">
          Sending your reports: {progress.done} of {progress.total} done
        </p>
      )}
      {reports.outbox.some((r) => r.status === 'needs-sign-in') && <SignInToSend />}
      <ul class="app-report-list" data-testid="your-reports">
        {reports.drafts.map((d) => (
          <li class="app-report-list__item" key={d.id} data-testid="draft">
            <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{labelOf(reportKinds, d.kind)}</h3>
            <p class="govuk-body govuk-!-margin-bottom-1">
              <strong class="govuk-tag govuk-tag--light-blue">Draft</strong> Reference <span class="app-reference">{formatReference(d.reference)}</span>,
              last changed {formatDateTime(new Date(d.updatedAt))}
            </p>
            <Deadline deadline={draftDeadline(d)} timeZone={d.timeZone} />
            <StaleDraftNotice draft={d} />
            <p class="app-report-list__actions govuk-body">
              <a class="govuk-link" href={`/report/${d.id}`}>Continue<span class="govuk-visually-hidden"> draft {formatReference(d.reference)}</span></a>
              <a class="govuk-link" href={`/report/${d.id}/discard`}>Delete<span class="govuk-visually-hidden"> draft {formatReference(d.reference)}</span></a>
            </p>
          </li>
        ))}
        {reports.outbox.map((r) => (
          <li class="app-report-list__item" key={r.id} data-testid="outbox-report">
            <h3 class="govuk-heading-s govuk-!-margin-bottom-1">{labelOf(reportKinds, r.kind)}</h3>
            <p class="govuk-body govuk-!-margin-bottom-1">
              <StatusTag status={r.status} caseStatus={r.caseStatus} /> Reference <span class="app-reference">{formatReference(r.receipt?.reference ?? r.reference)}</span>
            </p>
            {r.status !== 'sent' && <Deadline deadline={r.regulatorDeadline ? new Date(r.regulatorDeadline) : null} timeZone={r.timeZone} />}
            <p class="govuk-body-s">{statusSentence(r)}</p>
            {r.status === 'needs-attention' && <ReopenButton id={r.id} reference={r.reference} />}
            {canFollowUp(r) && <FollowUpButton record={r} />}
            {r.status === 'sent' && <SentReportNews id={r.id} reference={r.receipt?.reference ?? r.reference} />}
          </li>
        ))}
      </ul>
    </>
  );
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

  const start = async (event: Event) => {
    event.preventDefault();
    if (!kind) return setError('Select what you want to report');
    try {
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
      {query.deleted && <DeletedBanner />}
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
      <YourReports />
      <ThisDevice />
    </>
  );
}
