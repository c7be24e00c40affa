import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import { labelOf, reportKinds } from '../../shared/options.ts';
import type { ReportKind } from '../../shared/report.ts';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { FormField, type Errors } from '../components/FormField.tsx';
import { OfflineBanner, SERVICE_PORTAL_URL, ServiceDeskPhone } from '../components/Layout.tsx';
import { pageById, pagesFor, shownQuestions, visibleFields } from '../flow/pages.ts';
import { firstIncompletePage, pageErrors, summaryErrors } from '../flow/validate.ts';
import { useDraft } from '../useDraft.ts';
import { DraftGate, SaveFailed } from './DraftGate.tsx';
import { NotFound } from './NotFound.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

function DoThisNow({ kind }: { kind: ReportKind }) {
  return (
    <>
      <p class="govuk-body">If you have not done these yet, do them now. You can come back to this report at any time: it is saved on this device.</p>
      <ol class="govuk-list govuk-list--number">
        <li>
          Contact the IT Service Desk: call <ServiceDeskPhone /> or use the{' '}
          <a class="govuk-link" href={SERVICE_PORTAL_URL} rel="noreferrer noopener" target="_blank">MoJ Service Portal (opens in new tab)</a>.
          The analyst will ask you some questions and give you a ticket reference.
        </li>
        <li>Tell your line manager as soon as possible.</li>
        {kind === 'lost-device' && <li>For a lost or stolen device, contact the police and make sure you get the incident reference number.</li>}
      </ol>
      {kind === 'lost-device' && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <strong class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            Only a device that was shut down is fully encrypted. A locked or sleeping laptop can be accessed more easily, so tell the service desk which state it was in.
          </strong>
        </div>
      )}
    </>
  );
}

export default function QuestionPage({ id, page: pageId }: { id: string; page: string }) {
  const { draft, update, flush, saveFailed , gate } = useDraft(id);
  const { route, query } = useLocation();
  const [errors, setErrors] = useState<Errors>({});

  return (
    <DraftGate {...gate}>
      {(d) => {
        const flow = pagesFor(d.kind, d.answers);
        const page = pageById(pageId);
        const index = page ? flow.indexOf(page) : -1;
        if (!page || index < 0) return <NotFound />;
        const fields = shownQuestions(page, d.kind, d.answers);
        const shown = visibleFields(page, d.kind, d.answers);
        const returnToCheck = query.return === 'check';
        const back = returnToCheck ? `/report/${id}/check` : index > 0 ? `/report/${id}/${flow[index - 1]!.id}` : '/';
        const next = returnToCheck || index === flow.length - 1 ? `/report/${id}/check` : `/report/${id}/${flow[index + 1]!.id}`;

        const onSubmit = async (event: Event) => {
          event.preventDefault();
          const found = pageErrors(d, shown);
          setErrors(found);
          if (Object.keys(found).length > 0) return;
          // Never move on with unsaved answers: the next page would show the older saved ones.
          if (!(await flush())) return;
          // Back to the check page, unless the change opened questions on later pages: those first, in order.
          const opened = returnToCheck ? firstIncompletePage(d, page) : undefined;
          route(opened ? `/report/${id}/${opened.id}?return=check` : next);
        };

        return (
          <>
            <a href={back} class="govuk-back-link">Back</a>
            <OfflineBanner />
            <SaveFailed failed={saveFailed} />
            <ErrorSummary errors={summaryErrors(errors, shown)} />
            <span class="govuk-caption-l">{labelOf(reportKinds, d.kind)}</span>
            <PageTitle heading={page.title} error={Object.keys(errors).length > 0} />
            <h1 class="govuk-heading-l">{page.title}</h1>
            {page.guidance === 'do-this-now' && <DoThisNow kind={d.kind} />}
            {page.guidance === 'breach-intro' && (
              <p class="govuk-body">
                These are the questions the regulator (the Information Commissioner's Office) asks. Answer what you know: the
                incident team will complete the rest. Never include the personal data of the people affected.
              </p>
            )}
            <form noValidate onSubmit={onSubmit}>
              {fields.map((field) => (
                <FormField key={field.name} field={field} kind={d.kind} answers={d.answers} errors={errors} onChange={update} />
              ))}
              <div class="govuk-button-group">
                <button type="submit" class="govuk-button" data-module="govuk-button">Continue</button>
                <a class="govuk-link" href={`/report/${id}/discard`}>Delete this report</a>
              </div>
            </form>
            <p class="govuk-body-s">Your answers are saved on this device as you type.</p>
          </>
        );
      }}
    </DraftGate>
  );
}
