import { useLocation } from 'preact-iso';
import { useState } from 'preact/hooks';
import type { Draft } from '../../db/database.ts';
import { ReportInvalidError, submitDraft } from '../../db/drafts.ts';
import { answersNotSent, answerText, isBlank, isRequired } from '../../shared/catalogue.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import { Deadline, draftDeadline } from '../components/Deadline.tsx';
import { ErrorSummary, type SummaryError } from '../components/ErrorSummary.tsx';
import { OfflineBanner } from '../components/Layout.tsx';
import { PageTitle } from '../components/PageTitle.tsx';
import { fieldId, getAnswer, pagesFor, visibleFields, type Field } from '../flow/pages.ts';
import { reportErrors, submitErrorLinks } from '../flow/validate.ts';
import { sendSoon } from '../sending.ts';
import { leavingDraft, useDraft } from '../useDraft.ts';
import { DraftGate, SaveFailed } from './DraftGate.tsx';

function shownAnswer(field: Field, draft: Draft): string | string[] {
  const value = getAnswer(draft.answers, field.name);
  if (isBlank(value)) return isRequired(field, undefined, draft.answers, draft.kind) ? 'Not answered' : 'Not given';
  return answerText(field, value);
}

/** Answers kept in the draft that will not be sent, because a later change means their question no longer applies. */
function NotSent({ draft }: { draft: Draft }) {
  const unsent = answersNotSent(draft.answers, draft.kind);
  if (unsent.length === 0) return null;
  return (
    <section data-testid="answers-not-sent">
      <h2 class="govuk-heading-m">Answers that will not be sent</h2>
      <p class="govuk-body">You changed an answer, so these questions no longer apply. What you typed is kept on this device until you send the report, then deleted.</p>
      <dl class="govuk-summary-list govuk-!-margin-bottom-9">
        {unsent.map(({ question, reason }) => {
          const text = answerText(question, getAnswer(draft.answers, question.name));
          return (
            <div class="govuk-summary-list__row" key={question.name}>
              <dt class="govuk-summary-list__key">{question.label}</dt>
              <dd class="govuk-summary-list__value">
                <p class="govuk-body">{Array.isArray(text) ? text.join(', ') : text}</p>
                <p class="govuk-hint govuk-!-margin-bottom-0">{reason}.</p>
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}

export default function CheckAnswersPage({ id }: { id: string }) {
  const { draft, flush, saveFailed , gate } = useDraft(id);
  const { route } = useLocation();
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [submitting, setSubmitting] = useState(false);

  return (
    <DraftGate {...gate}>
      {(d) => {
        const flow = pagesFor(d.kind, d.answers);
        const onSubmit = async (event: Event) => {
          event.preventDefault();
          const problems = reportErrors(d);
          if (problems.length) return setErrors(submitErrorLinks(d, problems));
          setSubmitting(true);
          try {
            if (!(await flush())) throw new Error('unsaved answers');
            leavingDraft(d.id);
            await submitDraft(d.id);
            void sendSoon();
            route(`/report/${d.id}/sent`);
          } catch (error) {
            setSubmitting(false);
            leavingDraft(d.id, false);
            if (error instanceof ReportInvalidError) setErrors(submitErrorLinks(d, error.errors));
            else setErrors([{ href: '#submit', message: 'Your report could not be saved for sending on this device. Try again; your answers are still saved as a draft.' }]);
          }
        };
        return (
          <>
            <a href={`/report/${d.id}/${flow.at(-1)!.id}`} class="govuk-back-link">Back</a>
            <OfflineBanner />
            <SaveFailed failed={saveFailed} />
            <ErrorSummary errors={errors} />
            <span class="govuk-caption-l">{labelOf(reportKinds, d.kind)}</span>
            <PageTitle heading="Check your answers before sending your report" error={errors.length > 0} />
            <h1 class="govuk-heading-l">Check your answers before sending your report</h1>
            <p class="govuk-body">Your reference: <strong class="app-reference">{formatReference(d.reference)}</strong></p>
            <Deadline deadline={draftDeadline(d)} timeZone={d.timeZone} as="inset" />
            {flow.map((page) => (
              <section key={page.id}>
                <h2 class="govuk-heading-m">{page.section}</h2>
                <dl class="govuk-summary-list govuk-!-margin-bottom-9">
                  {visibleFields(page, d.kind, d.answers).map((field) => {
                    const text = shownAnswer(field, d);
                    return (
                      <div class="govuk-summary-list__row" key={field.name}>
                        <dt class="govuk-summary-list__key">{field.label}</dt>
                        <dd class="govuk-summary-list__value app-answer">
                          {Array.isArray(text) ? (
                            <ul class="govuk-list">{text.map((t, i) => <li key={i}>{t}</li>)}</ul>
                          ) : (
                            text
                          )}
                        </dd>
                        <dd class="govuk-summary-list__actions">
                          <a class="govuk-link" href={`/report/${d.id}/${page.id}?return=check#${fieldId(field.name)}`}>
                            Change<span class="govuk-visually-hidden"> {field.label.toLowerCase()}</span>
                          </a>
                        </dd>
                      </div>
                    );
                  })}
                </dl>
              </section>
            ))}
            <NotSent draft={d} />
            <h2 class="govuk-heading-m">Now send your report</h2>
            <p class="govuk-body">
              When you send it, your report is kept on this device until it has reached the incident team. If you are
              offline, it is sent automatically when you are back online.
            </p>
            <form noValidate onSubmit={onSubmit}>
              <div class="govuk-button-group">
                <button id="submit" type="submit" class="govuk-button" disabled={submitting}>Send report</button>
                <a class="govuk-link" href={`/report/${d.id}/discard`}>Delete this report</a>
              </div>
            </form>
          </>
        );
      }}
    </DraftGate>
  );
}
