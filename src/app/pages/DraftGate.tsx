import type { ComponentChildren } from 'preact';
import type { Draft } from '../../db/database.ts';
import { PageTitle } from '../components/PageTitle.tsx';

/** What every draft page shows while the draft loads, or when it is not on this device any more. */
export function DraftGate({ draft, children }: { draft: Draft | null | undefined; children: (d: Draft) => ComponentChildren }) {
  if (draft === undefined) return <p class="govuk-body" role="status">Opening your report…</p>;
  if (draft === null) {
    return (
      <>
        <PageTitle heading="This report is not on this device" />
        <h1 class="govuk-heading-l">This report is not on this device</h1>
        <p class="govuk-body">It may have been sent or deleted already.</p>
        <p class="govuk-body"><a class="govuk-link" href="/">See your reports</a></p>
      </>
    );
  }
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
