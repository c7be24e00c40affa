import { useEffect, useState } from 'preact/hooks';
import type { OutboxRecord } from '../../db/database.ts';
import { getOutboxRecord } from '../../db/drafts.ts';
import { formatReference } from '../../shared/reference.ts';
import { Deadline } from '../components/Deadline.tsx';
import { StatusTag, statusSentence } from '../components/ReportStatus.tsx';
import { SignInToSend } from '../components/SignInToSend.tsx';
import { onOutboxEvent } from '../sw-bridge.ts';
import { NotFound } from './NotFound.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { SafariNotice } from '../components/SafariNotice.tsx';

export default function ConfirmationPage({ id }: { id: string }) {
  const [record, setRecord] = useState<OutboxRecord | null | undefined>(undefined);
  useEffect(() => {
    const load = () => getOutboxRecord(id).then((r) => setRecord(r ?? null), () => setRecord(null));
    load();
    return onOutboxEvent(load);
  }, [id]);

  if (record === undefined) return <p class="govuk-body" role="status">Opening your report…</p>;
  if (record === null) return <NotFound />;
  const reference = formatReference(record.receipt?.reference ?? record.reference);
  const heading = record.status === 'sent' ? 'Report sent' : 'Report saved';
  return (
    <>
      <div class="govuk-panel govuk-panel--confirmation">
        <PageTitle heading={heading} />
        <h1 class="govuk-panel__title">{heading}</h1>
        <div class="govuk-panel__body">
          Your reference<br />
          <strong class="app-reference" data-testid="reference">{reference}</strong>
        </div>
      </div>
      <p class="govuk-body">
        <StatusTag status={record.status} /> <span data-testid="status-sentence">{statusSentence(record)}</span>
      </p>
      {record.status === 'needs-sign-in' && <SignInToSend />}
      <Deadline deadline={record.regulatorDeadline ? new Date(record.regulatorDeadline) : null} timeZone={record.timeZone} as="inset" />
      {record.status !== 'sent' && <SafariNotice waiting />}
      <h2 class="govuk-heading-m">What happens next</h2>
      <p class="govuk-body">
        Quote your reference <strong>{reference}</strong> to the IT Service Desk, your line manager
        {record.kind === 'lost-device' ? ' or the police' : ''} if they ask about this incident. You can use it straight away, even before the report has been sent.
      </p>
      <p class="govuk-body">An incident manager will look at your report and contact you if they need more information.</p>
      <p class="govuk-body">
        <a class="govuk-link" href="/">See all your reports</a>
      </p>
    </>
  );
}
