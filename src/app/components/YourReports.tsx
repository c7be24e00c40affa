// The start page's list of the reporter's drafts and reports on this device, with what each can do next
// (continue, correct and send again, follow up, answer the team's questions). The start page loads this module,
// and the storage code with it, only once the device holds anything (src/db/store-exists.ts).
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { Draft, OutboxRecord } from '../../db/database.ts';
import { createDraft, listDrafts, listOutbox, reopenReport } from '../../db/drafts.ts';
import { deleteExpiredDrafts, type DeletedDraft } from '../../db/stale-drafts.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { followUpAnswers } from '../../shared/follow-up.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import { onOutboxEvent } from '../sw-bridge.ts';
import { Deadline, draftDeadline } from './Deadline.tsx';
import { StatusTag, statusSentence } from './ReportStatus.tsx';
import { SentReportNews } from './SentReportNews.tsx';
import { SignInToSend } from './SignInToSend.tsx';
import { DeletedDraftsNotice, StaleDraftNotice } from './StaleDrafts.tsx';

function useReports() {
  const [reports, setReports] = useState<{ drafts: Draft[]; outbox: OutboxRecord[] } | null>(null);
  const [failed, setFailed] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
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
      load();
    });
  }, []);
  return { reports, failed, progress, expired };
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

export function YourReports() {
  const { reports, failed, progress, expired } = useReports();
  const live = <DeletedDraftsNotice drafts={expired} />;
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
