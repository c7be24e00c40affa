// The audit trail's check (the same as `npm run audit:verify`), run when the page opens.
import { useEffect, useState } from 'preact/hooks';
import { api, type ConsoleApiError } from '../api.ts';

export function AuditPage() {
  const [result, setResult] = useState<{ ok: boolean; rows: number; problems: string[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.audit().then(setResult, (e: ConsoleApiError) => setError(e.message));
  }, []);
  return (
    <>
      <h1 class="govuk-heading-l">Audit trail</h1>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {result?.ok && <p class="govuk-body" data-testid="audit-result">The audit trail holds: {result.rows} entries, each linked to the one before and matching its hash.</p>}
      {result && !result.ok && (
        <div class="govuk-warning-text">
          <span class="govuk-warning-text__icon" aria-hidden="true">!</span>
          <div class="govuk-warning-text__text">
            <span class="govuk-visually-hidden">Warning</span>
            The audit trail has been tampered with ({result.rows} entries checked):
            <ul class="govuk-list govuk-list--bullet">
              {result.problems.map((p) => <li key={p}>{p}</li>)}
            </ul>
          </div>
        </div>
      )}
    </>
  );
}
