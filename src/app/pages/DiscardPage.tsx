import { useLocation } from 'preact-iso';
import { discardDraft } from '../../db/drafts.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';
import { leavingDraft, useDraft } from '../useDraft.ts';
import { DraftGate } from './DraftGate.tsx';
import { PageTitle } from '../components/PageTitle.tsx';

export default function DiscardPage({ id }: { id: string }) {
  const { draft , gate } = useDraft(id);
  const { route } = useLocation();
  return (
    <DraftGate {...gate}>
      {(d) => (
        <>
          <a href="/" class="govuk-back-link">Back</a>
          <PageTitle heading="Are you sure you want to delete this draft report?" />
          <h1 class="govuk-heading-l">Are you sure you want to delete this draft report?</h1>
          <p class="govuk-body">
            {labelOf(reportKinds, d.kind)}, reference <span class="app-reference">{formatReference(d.reference)}</span>. Everything you have
            typed in it will be deleted from this device. This cannot be undone.
          </p>
          <div class="govuk-button-group">
            <button
              type="button"
              class="govuk-button govuk-button--warning"
              onClick={async () => {
                leavingDraft(d.id);
                await discardDraft(d.id);
                route('/?deleted=1');
              }}
            >
              Yes, delete it
            </button>
            <a class="govuk-link" href="/">No, keep it</a>
          </div>
        </>
      )}
    </DraftGate>
  );
}
