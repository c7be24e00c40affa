import { useLocation } from 'preact-iso';
import { useEffect } from 'preact/hooks';
import { firstIncompletePage } from '../flow/validate.ts';
import { useDraft } from '../useDraft.ts';
import { DraftGate } from './DraftGate.tsx';

/** "Continue" on a draft: open the first page with something still to answer, or the check page. */
export default function ResumePage({ id }: { id: string }) {
  const { draft , gate } = useDraft(id);
  const { route } = useLocation();
  useEffect(() => {
    if (!draft) return;
    const page = firstIncompletePage(draft);
    route(`/report/${id}/${page ? page.id : 'check'}`, true);
  }, [draft]);
  return <DraftGate {...gate}>{() => <p class="govuk-body" role="status">Opening your report…</p>}</DraftGate>;
}
