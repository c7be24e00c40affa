// The case's messages with its reporter: each question the team asked, answered or still waiting, with the
// reporter's answers under it; information the reporter added; and (incident managers and DPOs) a form to ask
// a question, which the reporter's device fetches on its next sync. Every text is shown as text.
import { useEffect, useState } from 'preact/hooks';
import type { CaseDetail } from '../../shared/console-api.ts';
import { MAX_MESSAGE, type CaseMessage, type CaseMessages } from '../../shared/messages.ts';
import { api, type ConsoleApiError, type Me } from '../api.ts';
import { dateTime } from '../format.ts';
import { Field, RecordForm } from '../RecordForm.tsx';

/** "received 14:05, written 09:12" when the reply waited on the device, else just when it arrived. */
function when(m: CaseMessage): string {
  const received = dateTime(m.at);
  return m.writtenAt && Math.abs(Date.parse(m.at) - Date.parse(m.writtenAt)) > 60_000 ? `${received} (written ${dateTime(m.writtenAt)}, sent when the reporter was back online)` : received;
}

function Message({ m, title, level = 3 }: { m: CaseMessage; title: string; level?: 3 | 4 }) {
  const Heading = level === 3 ? 'h3' : 'h4';
  return (
    <div class="console-message" data-testid={`message-${m.kind}`}>
      <Heading class="govuk-heading-s console-message__title">{title}</Heading>
      <p class="govuk-body-s console-message__meta">{m.authorName}, {when(m)}</p>
      <div class="govuk-inset-text console-pre console-message__text">{m.text}</div>
    </div>
  );
}

export function MessagesSection({ c, me, onChange }: { c: CaseDetail; me: Me; onChange: () => void }) {
  const [messages, setMessages] = useState<CaseMessages | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = () => api.messages(c.id).then(setMessages, (e: ConsoleApiError) => setError(e.message));
  useEffect(() => void load(), [c.id, c.version]);
  const questions = messages?.messages.filter((m) => m.kind === 'question') ?? [];
  const additions = messages?.messages.filter((m) => m.kind === 'addition') ?? [];
  const answersTo = (q: CaseMessage) => messages?.messages.filter((m) => m.questionId === q.id) ?? [];

  return (
    <section aria-labelledby="messages-title" data-testid="messages">
      <h2 class="govuk-heading-l" id="messages-title">Questions to the reporter</h2>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {messages && questions.length === 0 && <p class="govuk-body">No questions asked yet.</p>}
      {questions.map((q, i) => (
        <div key={q.id} data-testid="question">
          <Message m={q} title={`Question ${i + 1}`} />
          <p class="govuk-body">
            {q.answeredAt ? (
              <>
                <strong class="govuk-tag govuk-tag--green">Answered</strong> {dateTime(q.answeredAt)}
              </>
            ) : (
              <strong class="govuk-tag govuk-tag--grey">Waiting for an answer</strong>
            )}
          </p>
          {answersTo(q).map((a) => <Message key={a.id} m={a} title="Answer from the reporter" level={4} />)}
        </div>
      ))}
      {additions.length > 0 && <h3 class="govuk-heading-m">Added by the reporter</h3>}
      {additions.map((a) => <Message key={a.id} m={a} title="Information added to the report" level={4} />)}
      {me.canChange && messages && (
        messages.cannotAsk ? (
          <p class="govuk-body" data-testid="cannot-ask">{messages.cannotAsk}.</p>
        ) : (
          <RecordForm
            title="Ask the reporter a question"
            submit="Send question"
            send={(data) => api.ask(c.id, String(data.get('text') ?? ''))}
            onDone={() => {
              void load();
              onChange();
            }}
          >
            <Field id="question" label="Question" hint="The reporter sees it in the app the next time their device is online, and can answer offline. Ask one thing at a time, in plain words.">
              <textarea class="govuk-textarea" id="question" name="text" rows={4} maxLength={MAX_MESSAGE} autocomplete="off" aria-describedby="question-hint" />
            </Field>
          </RecordForm>
        )
      )}
    </section>
  );
}
