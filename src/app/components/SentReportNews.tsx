// Under a sent report in the start page's list: the incident team's questions still to answer (a link to the
// first), replies not sent yet, and a link to add information. Read from the device only, so it shows offline
// what the last sync brought. Counts only: the questions' words stay encrypted until their page opens.
import { useEffect, useState } from 'preact/hooks';
import type { ReplyRecord } from '../../db/database.ts';
import { openQuestions } from '../../db/questions.ts';
import { listReplies } from '../../db/replies.ts';
import { formatReference } from '../../shared/reference.ts';
import { onOutboxEvent } from '../sw-bridge.ts';

function useNews(reportId: string) {
  const [news, setNews] = useState<{ open?: { count: number; first: string }; unsent: ReplyRecord[] }>({ unsent: [] });
  useEffect(() => {
    const load = () =>
      void Promise.all([openQuestions(), listReplies(reportId)]).then(
        ([open, replies]) => setNews({ open: open.get(reportId), unsent: replies.filter((r) => r.status !== 'sent') }),
        () => undefined,
      );
    load();
    return onOutboxEvent(load);
  }, [reportId]);
  return news;
}

export function SentReportNews({ id, reference }: { id: string; reference: string }) {
  const { open, unsent } = useNews(id);
  const hidden = <span class="govuk-visually-hidden"> about report {formatReference(reference)}</span>;
  const refused = unsent.find((r) => r.status === 'needs-attention');
  return (
    <>
      {open && (
        <p class="govuk-body govuk-!-margin-bottom-1" data-testid="open-questions">
          <strong class="govuk-tag govuk-tag--orange">{open.count === 1 ? 'Question for you' : `${open.count} questions for you`}</strong>{' '}
          <a class="govuk-link" href={`/sent/${id}/question/${open.first}`}>
            Answer the incident team's question{hidden}
          </a>
        </p>
      )}
      {unsent.length > 0 && (
        <p class="govuk-body-s" data-testid="unsent-replies">
          {refused
            ? `What you added could not be sent: ${refused.problem ?? 'the incident team’s system refused it'}.`
            : unsent.some((r) => r.status === 'needs-sign-in')
              ? 'What you added is saved on this device: sign in to send it.'
              : 'What you added is saved on this device and will be sent when this device is back online.'}
        </p>
      )}
      <p class="app-report-list__actions govuk-body">
        <a class="govuk-link" href={`/sent/${id}/add`}>Add information{hidden}</a>
      </p>
    </>
  );
}
