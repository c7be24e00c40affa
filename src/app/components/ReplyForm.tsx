// The form of a reporter's reply (an answer to the team's question, or information added to a sent report):
// one textarea with the report's text rules, an error summary, and after "Send" the reply's own status (saved
// on this device and sent when online, or sent) read from the replies outbox as it changes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ReplyRecord } from '../../db/database.ts';
import { getReply } from '../../db/replies.ts';
import { loadReplyDraft, replyDraftKey, saveReplyDraft } from '../../db/reply-drafts.ts';
import { MAX_MESSAGE } from '../../shared/messages.ts';
import { queueReply, ReplyInvalidError, ReplyNotPossibleError, type ReplyInput } from '../../db/write-reply.ts';
import { useOnline } from '../hooks.ts';
import { sendSoon } from '../sending.ts';
import { onOutboxEvent } from '../sw-bridge.ts';
import { ErrorSummary } from './ErrorSummary.tsx';
import { TextArea } from './FormField.tsx';
import { NotificationBanner } from './NotificationBanner.tsx';
import { PageTitle } from './PageTitle.tsx';
import { SignInToSend } from './SignInToSend.tsx';

const FIELD_ID = 'reply';

/** What became of a reply once it left the form, in the reporter's words. */
function replyStatus(reply: ReplyRecord, what: string): { heading: string; text: string } {
  switch (reply.status) {
    case 'sent':
      return { heading: `${what} sent`, text: 'The incident team has it. It has been added to your report.' };
    case 'needs-attention':
      return { heading: `${what} not sent`, text: `It could not be sent: ${reply.problem ?? 'the incident team’s system refused it'}. Call the IT Service Desk on 0800 917 5148 and quote your report's reference.` };
    case 'needs-sign-in':
      return { heading: `${what} saved`, text: 'Sign in to send it. It is saved on this device.' };
    default:
      return { heading: `${what} saved`, text: 'It is saved on this device and will be sent to the incident team automatically when this device is back online.' };
  }
}

function useReply(id: string | null): ReplyRecord | undefined {
  const [reply, setReply] = useState<ReplyRecord | undefined>(undefined);
  useEffect(() => {
    if (!id) return undefined;
    const load = () => void getReply(id).then(setReply, () => undefined);
    load();
    return onOutboxEvent(load);
  }, [id]);
  return reply;
}

export function ReplyForm(props: { heading: string; caption: string; input: Omit<ReplyInput, 'text'>; label: string; hint: string; submit: string; what: string; children?: ComponentChildren; after?: ComponentChildren }) {
  const { heading, caption, input, label, hint, submit, what, children, after } = props;
  const online = useOnline();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentId, setSentId] = useState<string | null>(null);
  const reply = useReply(sentId);
  // What was typed is kept on the device as it is typed, one write after another so the last one stays.
  const draftKey = replyDraftKey(input.reportId, input.questionId);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const [saveFailed, setSaveFailed] = useState(false);
  useEffect(() => {
    void loadReplyDraft(draftKey).then((kept) => kept && setText((typed) => typed || kept), () => undefined);
  }, [draftKey]);
  const type = (value: string) => {
    setText(value);
    saving.current = saving.current.then(() => saveReplyDraft(draftKey, value).then(() => setSaveFailed(false), () => setSaveFailed(true)));
  };

  const send = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      await saving.current;
      const queued = await queueReply({ ...input, text });
      setError(null);
      setSentId(queued.id);
      void sendSoon();
    } catch (e) {
      if (e instanceof ReplyInvalidError || e instanceof ReplyNotPossibleError) setError(e.message);
      else setError(`It could not be saved on this device (${(e as Error)?.message ?? 'an unknown error'}). Try again, or call the IT Service Desk on 0800 917 5148.`);
    } finally {
      setBusy(false);
    }
  };

  if (reply) {
    const status = replyStatus(reply, what);
    return (
      <>
        <PageTitle heading={heading} />
        <NotificationBanner id="reply-status" title="Success" heading={status.heading} success={reply.status !== 'needs-attention'} testId="reply-status">
          <p class="govuk-body">{status.text}</p>
        </NotificationBanner>
        <span class="govuk-caption-l">{caption}</span>
        <h1 class="govuk-heading-l">{heading}</h1>
        {children}
        {reply.status === 'needs-sign-in' && <SignInToSend />}
        {after}
        <p class="govuk-body">
          <a class="govuk-link" href="/">Back to your reports</a>
        </p>
      </>
    );
  }
  return (
    <>
      <a href="/" class="govuk-back-link">Back</a>
      {!online && (
        <div class="govuk-inset-text" role="status" data-testid="offline-banner">
          <strong>You are offline.</strong> What you write will be kept on this device and sent when you are back online.
        </div>
      )}
      <ErrorSummary errors={error ? [{ href: `#${FIELD_ID}`, message: error }] : []} />
      <PageTitle heading={heading} error={!!error} />
      <span class="govuk-caption-l">{caption}</span>
      <h1 class="govuk-heading-l">{heading}</h1>
      {children}
      <form noValidate onSubmit={send}>
        <TextArea id={FIELD_ID} name="text" label={label} labelClass="govuk-label--m" hint={hint} error={error ?? undefined} max={MAX_MESSAGE} rows={6} pii value={text} onInput={type} />
        {saveFailed && <p class="govuk-body" role="alert">What you typed could not be kept on this device. Copy it somewhere safe before you leave this page.</p>}
        <button type="submit" class="govuk-button" disabled={busy}>{submit}</button>
      </form>
    </>
  );
}
