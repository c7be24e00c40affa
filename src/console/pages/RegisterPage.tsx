// The breach register (UK GDPR Art. 33(5)): every personal-data breach, reported or not, filtered by the date
// it was discovered, with its CSV export and a print view (this page, printed).
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { RegisterPage as Page } from '../../shared/regulator-api.ts';
import { api, dateQuery, links, type ConsoleApiError } from '../api.ts';
import { dateTime } from '../format.ts';
import { PrintButton } from './PrintButton.tsx';

const DATE_COLUMNS = new Set(['discoveredAt', 'receivedAt', 'decidedAt', 'reportedAt']);

export function RegisterPage() {
  const { query, route } = useLocation();
  const filter = { from: query.from || undefined, to: query.to || undefined };
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setError(null);
    api.register(filter).then(setPage, (e: ConsoleApiError) => setError(e.message));
  }, [filter.from, filter.to]);
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    route(`/console/register${dateQuery({ from: String(data.get('from') ?? ''), to: String(data.get('to') ?? '') })}`);
  };
  return (
    <>
      <h1 class="govuk-heading-l">Breach register</h1>
      <p class="govuk-body">Every personal-data breach, reported to the regulator or not, with its facts, effects, remedial action and the decision with its reasons.</p>
      <form class="console-no-print" onSubmit={onSubmit} aria-label="Filter by date discovered">
        <div class="govuk-form-group">
          <label class="govuk-label" for="register-from">Discovered from</label>
          <input class="govuk-input govuk-input--width-10" id="register-from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div class="govuk-form-group">
          <label class="govuk-label" for="register-to">Discovered to (inclusive)</label>
          <input class="govuk-input govuk-input--width-10" id="register-to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        <button class="govuk-button" type="submit">Filter</button>
      </form>
      <p class="govuk-body console-no-print">
        <a class="govuk-link" href={links.registerCsv(filter)} download>Download the register (CSV)</a>
      </p>
      <PrintButton />
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {page && page.entries.length === 0 && <p class="govuk-body">No breaches in these dates.</p>}
      {page && page.entries.length > 0 && (
        <div class="console-table-scroll" tabIndex={0} role="region" aria-label="The register">
          <table class="govuk-table" data-testid="register">
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">{page.columns.map((c) => <th scope="col" class="govuk-table__header" key={c.key}>{c.header}</th>)}</tr>
            </thead>
            <tbody class="govuk-table__body">
              {page.entries.map((e) => (
                <tr class="govuk-table__row" key={e.reference}>
                  {page.columns.map((c) => {
                    const v = e[c.key];
                    return <td class="govuk-table__cell console-pre" key={c.key}>{v && DATE_COLUMNS.has(c.key) ? dateTime(v) : (v ?? '')}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page?.more && <p class="govuk-body">Only the first {page.entries.length} breaches are shown: the CSV has them all.</p>}
    </>
  );
}
