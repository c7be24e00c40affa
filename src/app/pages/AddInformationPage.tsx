// Information a reporter adds to a report already sent (something found out since): reached from the report
// in the start page's list, offline too. It travels as an answer does, sealed and sent once.
import { useEffect, useState } from 'preact/hooks';
import type { OutboxRecord } from '../../db/database.ts';
import { getOutboxRecord } from '../../db/drafts.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import { ReplyForm } from '../components/ReplyForm.tsx';
import { NotFound } from './NotFound.tsx';

export default function AddInformationPage({ id }: { id: string }) {
  const [report, setReport] = useState<OutboxRecord | null | undefined>(undefined);
  useEffect(() => {
    getOutboxRecord(id).then((r) => setReport(r?.status === 'sent' ? r : null), () => setReport(null));
  }, [id]);

  if (report === undefined) return <p class="govuk-body" role="status">Opening your report…</p>;
  if (report === null) return <NotFound />;
  return (
    <ReplyForm
      heading="Add information to your report"
      input={{ reportId: id, kind: 'addition' }}
      label="What do you want to add?"
      hint="Anything you have found out since you sent the report. It is added to your report as you write it."
      submit="Send"
      what="Information"
      caption={`${labelOf(reportKinds, report.kind)}, report ${formatReference(report.receipt?.reference ?? report.reference)}`}
    />
  );
}
