// "Delete everything this app keeps on this device": first says which reports have not reached the incident
// team (they never will once deleted), then deletes every table of the device's database and the app's notes
// in local storage. The app itself (its cached pages) stays, so the device can still report.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OutboxRecord } from '../../db/database.ts';
import { listDrafts, listOutbox } from '../../db/drafts.ts';
import { notSent, stillToSend } from '../../db/outbox.ts';
import { unsentReplies } from '../../db/replies.ts';
import { deleteEverything } from '../../db/wipe.ts';
import { announce } from '../../sync/events.ts';
import { PageTitle } from '../components/PageTitle.tsx';
import { WaitingReportsTable } from '../components/WaitingReportsTable.tsx';

const HEADING = 'Delete everything this app keeps on this device';
const DONE = 'Everything this app kept on this device has been deleted';

type State = { step: 'confirm'; waiting: OutboxRecord[]; replies: number; drafts: number } | { step: 'deleting' } | { step: 'done' } | { step: 'failed' };

function forgetLocalNotes(): void {
  try {
    localStorage.clear();
    sessionStorage.clear();
  } catch {
    // Storage blocked: there is nothing in it either.
  }
}

/** Answers to the team's questions and added information, waiting too: they go with everything else. */
function UnsentReplies({ count }: { count: number }) {
  return (
    <p class="govuk-body" data-testid="replies-never-sent">
      {count === 1 ? '1 answer or added information' : `${count} answers or added information`} to a sent report{count === 1 ? ' has' : 's have'} not
      reached the incident team either, and never will.
    </p>
  );
}

export default function DeleteEverythingPage() {
  const [state, setState] = useState<State | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    Promise.all([listOutbox(), listDrafts(), unsentReplies()]).then(
      ([outbox, drafts, replies]) => setState({ step: 'confirm', waiting: outbox.filter(notSent).reverse(), replies: replies.length, drafts: drafts.length }),
      () => setState({ step: 'failed' }),
    );
  }, []);
  useEffect(() => {
    if (state?.step === 'done' || state?.step === 'failed') heading.current?.focus();
  }, [state?.step]);

  const remove = async () => {
    setState({ step: 'deleting' });
    try {
      await deleteEverything();
      forgetLocalNotes();
      announce({ type: 'OUTBOX_CHANGED' }); // other windows of the app read their lists again
      setState({ step: 'done' });
    } catch {
      setState({ step: 'failed' });
    }
  };

  if (state?.step === 'done') {
    return (
      <>
        <PageTitle heading={DONE} />
        <div class="govuk-panel govuk-panel--confirmation" data-testid="deleted-everything">
          <h1 class="govuk-panel__title" ref={heading} tabIndex={-1}>{DONE}</h1>
        </div>
        <p class="govuk-body">The app itself is still installed, so you can report an incident from this device again.</p>
        <p class="govuk-body">If you signed in on this device, sign out as well.</p>
        <p class="govuk-body">
          <a class="govuk-link" href="/">Go to the start</a>
        </p>
      </>
    );
  }
  if (state?.step === 'failed') {
    return (
      <>
        <PageTitle heading="Sorry, there is a problem" />
        <h1 class="govuk-heading-l" ref={heading} tabIndex={-1}>Sorry, there is a problem</h1>
        <p class="govuk-body">What this app keeps on this device could not be read or deleted just now. Close the app, open it again and try again.</p>
      </>
    );
  }
  const waiting = state?.step === 'confirm' ? state.waiting : [];
  const savable = waiting.filter(stillToSend).length;
  return (
    <>
      <a href="/" class="govuk-back-link">Back</a>
      <PageTitle heading={HEADING} />
      <h1 class="govuk-heading-l">{HEADING}</h1>
      <p class="govuk-body">
        This deletes your drafts, your reports waiting to send, the references of reports you have sent and the keys this app uses
        on this device. It cannot be undone.
      </p>
      {state?.step === 'confirm' && state.drafts > 0 && (
        <p class="govuk-body" data-testid="drafts-to-delete">
          {state.drafts === 1 ? '1 draft' : `${state.drafts} drafts`} will be deleted.
        </p>
      )}
      {waiting.length === 0 && state?.step === 'confirm' && state.replies > 0 && <UnsentReplies count={state.replies} />}
      {waiting.length > 0 && (
        <>
          <div class="govuk-warning-text" data-testid="never-sent-warning">
            <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
            <strong class="govuk-warning-text__text">
              <span class="govuk-visually-hidden">Warning</span>
              {waiting.length === 1 ? 'This report has' : `These ${waiting.length} reports have`} not reached the incident team. If you
              delete {waiting.length === 1 ? 'it, it' : 'them, they'} will never reach the team.
            </strong>
          </div>
          <WaitingReportsTable records={waiting} caption="Reports still waiting to send" testId="reports-never-sent" />
          {state?.step === 'confirm' && state.replies > 0 && <UnsentReplies count={state.replies} />}
          {savable > 0 && (
            <p class="govuk-body">
              To send them from another device, <a class="govuk-link" href="/save-sealed-reports">save sealed reports to a file</a> first.
            </p>
          )}
        </>
      )}
      <div class="govuk-button-group">
        <button type="button" class="govuk-button govuk-button--warning" disabled={state?.step !== 'confirm'} onClick={remove}>
          Delete everything
        </button>
        <a class="govuk-link" href="/">No, keep it</a>
      </div>
    </>
  );
}
