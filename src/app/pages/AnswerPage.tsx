// A question from the incident team about a sent report, and the reporter's answer: reached from the report in
// the start page's list, offline too (the question was fetched on an earlier sync and kept encrypted).
import { useEffect, useState } from 'preact/hooks';
import type { OutboxRecord } from '../../db/database.ts';
import { getOutboxRecord } from '../../db/drafts.ts';
import { awaitsAnswer, getQuestion, listQuestions, type Question } from '../../db/questions.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { formatReference } from '../../shared/reference.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { ReplyForm } from '../components/ReplyForm.tsx';
import { NotFound } from './NotFound.tsx';

const HEADING = 'Question from the incident team';

export default function AnswerPage({ id, question: questionId }: { id: string; question: string }) {
  const [found, setFound] = useState<{ report: OutboxRecord; question: Question; next?: Question } | null | undefined>(undefined);
  useEffect(() => {
    void (async () => {
      const [report, question] = await Promise.all([getOutboxRecord(id), getQuestion(questionId)]);
      if (!report || question?.reportId !== id) return setFound(null);
      const next = (await listQuestions(id)).find((q) => q.id !== questionId && awaitsAnswer(q));
      setFound({ report, question, ...(next ? { next } : {}) });
    })().catch(() => setFound(null));
  }, [id, questionId]);

  if (found === undefined) return <p class="govuk-body" role="status">Opening the question…</p>;
  if (found === null) return <NotFound />;
  const { report, question, next } = found;
  const reference = formatReference(report.receipt?.reference ?? report.reference);
  const caption = `Report ${reference}`;
  const asked = (
    <>
      <p class="govuk-body-s">Asked {formatDateTime(new Date(question.askedAt))}</p>
      <div class="govuk-inset-text app-answer" data-testid="question-text">{question.text}</div>
    </>
  );
  if (!awaitsAnswer(question)) {
    return (
      <>
        <a href="/" class="govuk-back-link">Back</a>
        <PageTitle heading={HEADING} />
        <span class="govuk-caption-l">{caption}</span>
        <h1 class="govuk-heading-l">{HEADING}</h1>
        {asked}
        <p class="govuk-body" data-testid="answered">
          You answered this question{question.repliedAt ? ` on ${formatDateTime(new Date(question.repliedAt))}` : ''}. To tell the team more,{' '}
          <a class="govuk-link" href={`/sent/${id}/add`}>add information to your report</a>.
        </p>
      </>
    );
  }
  return (
    <ReplyForm
      // A new form for each question: the last one's "saved" state is not this one's.
      key={question.id}
      heading={HEADING}
      caption={caption}
      input={{ reportId: id, kind: 'answer', questionId: question.id }}
      label="Your answer"
      hint="Only what the team asks for. Do not include other people's personal details unless the team needs them."
      submit="Send answer"
      what="Answer"
      after={next && (
        <p class="govuk-body">
          <a class="govuk-link" href={`/sent/${id}/question/${next.id}`}>Answer the team's next question</a>
        </p>
      )}
    >
      {asked}
    </ReplyForm>
  );
}
