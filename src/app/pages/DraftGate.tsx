import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Draft, OutboxRecord } from '../../db/database.ts';
import { getOutboxRecord } from '../../db/drafts.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { StatusTag, statusSentence } from '../components/ReportStatus.tsx';

/** A draft that is no longer here: sent (from another window while this one was open, or earlier), or deleted. */
function DraftGone({ id, whileOpen }: { id: string; whileOpen: boolean }) {
  const [record, setRecord] = useState<OutboxRecord | null | undefined>(undefined);
  useEffect(() => {
    getOutboxRecord(id).then((r) => setRecord(r ?? null), () => setRecord(null));
  }, [id]);
  if (record === undefined) return <p class="govuk-body" role="status">Opening your report…</p>;
  if (record) {
    const heading = whileOpen ? 'This report has been sent from another window' : 'This report has already been sent';
    return (
      <>
        <PageTitle heading={heading} />
        <h1 class="govuk-heading-l">{heading}</h1>
        <p class="govuk-body" data-testid="sent-elsewhere">
          <StatusTag status={record.status} /> {statusSentence(record)}
        </p>
        <p class="govuk-body"><a class="govuk-link" href={`/report/${id}/sent`}>See its reference and status</a></p>
        <p class="govuk-body"><a class="govuk-link" href="/">See your reports</a></p>
      </>
    );
  }
  if (whileOpen) {
    return (
      <>
        <PageTitle heading="This report has been deleted in another window" />
        <h1 class="govuk-heading-l">This report has been deleted in another window</h1>
        <p class="govuk-body"><a class="govuk-link" href="/">See your reports</a></p>
      </>
    );
  }
  return (
    <>
      <PageTitle heading="This report is not on this device" />
      <h1 class="govuk-heading-l">This report is not on this device</h1>
      <p class="govuk-body">It may have been sent or deleted already.</p>
      <p class="govuk-body"><a class="govuk-link" href="/">See your reports</a></p>
    </>
  );
}

/** What every draft page shows while the draft loads, or when it is not on this device any more. */
export function DraftGate({ id, draft, whileOpen = false, children }: { id: string; draft: Draft | null | undefined; whileOpen?: boolean; children: (d: Draft) => ComponentChildren }) {
  if (draft === undefined) return <p class="govuk-body" role="status">Opening your report…</p>;
  if (draft === null) return <DraftGone id={id} whileOpen={whileOpen} />;
  return <>{children(draft)}</>;
}

export function SaveFailed({ failed }: { failed: boolean }) {
  if (!failed) return null;
  return (
    <div class="govuk-error-summary" role="alert" data-testid="save-failed">
      <h2 class="govuk-error-summary__title">Your answers are not saved</h2>
      <div class="govuk-error-summary__body">
        <p class="govuk-body">
          Your answers could not be saved on this device. The storage may be full, or blocked (for example in a
          private window). What you typed is still on this screen: do not close it. Free up some space, or copy
          your answers somewhere safe.
        </p>
      </div>
    </div>
  );
}
