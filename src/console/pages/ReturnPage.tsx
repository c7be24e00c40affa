// The quarterly return to the Cabinet Office: a chart of the last eight quarters (SVG drawn by the endpoint,
// every figure also in the table) and the counts by quarter, kind, incident or near-miss, severity, personal
// data, reported or not and business area, with the CSV.
import { useEffect, useState } from 'preact/hooks';
import type { ReturnPage as Page } from '../../shared/regulator-api.ts';
import { api, links, type ConsoleApiError } from '../api.ts';
import { PrintButton } from './PrintButton.tsx';

export function ReturnPage() {
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.quarterlyReturn().then(setPage, (e: ConsoleApiError) => setError(e.message));
  }, []);
  return (
    <>
      <h1 class="govuk-heading-l">Quarterly return</h1>
      <p class="govuk-body console-no-print">
        <a class="govuk-link" href={links.returnCsv()} download>Download the return (CSV)</a>
      </p>
      <PrintButton />
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {page && (
        <>
          {/* The endpoint's own SVG (its text escaped there): no chart library in the page. */}
          <div class="console-chart" data-testid="return-chart" dangerouslySetInnerHTML={{ __html: page.chartSvg }} />
          <table class="govuk-table" data-testid="return-table">
            <caption class="govuk-table__caption govuk-table__caption--m">Incidents by quarter of discovery</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">{page.columns.map((c) => <th scope="col" class="govuk-table__header" key={c.key}>{c.header}</th>)}</tr>
            </thead>
            <tbody class="govuk-table__body">
              {page.rows.map((r, i) => (
                <tr class="govuk-table__row" key={i}>{page.columns.map((c) => <td class={`govuk-table__cell${c.key === 'count' ? ' govuk-table__cell--numeric' : ''}`} key={c.key}>{r[c.key]}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
