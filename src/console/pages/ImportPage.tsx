// "Import sealed reports": a file saved by a device that will never be online ("Save sealed reports to a file"
// in the app), imported as `npm run import` does: every report opened and checked first, so a bad file changes
// nothing, and each stored once, so importing the same file again only shows the same receipts.
import { useState } from 'preact/hooks';
import type { ImportedReport } from '../../shared/sealed-file.ts';
import { api, type ConsoleApiError } from '../api.ts';
import { dateTime, formatReference, kindLabel } from '../format.ts';

/** Larger files go through `npm run import` on the endpoint (the route's body limit is 32 MB). */
const MAX_FILE_BYTES = 32 * 1024 * 1024;

export function ImportPage() {
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [imported, setImported] = useState<ImportedReport[] | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setImported(null);
    if (!file) return setError('Select a file of sealed reports');
    if (file.size > MAX_FILE_BYTES) return setError('The file is larger than 32 MB: import it with npm run import on the endpoint');
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return setError('The file is not JSON: select the sealed-reports-….json file the app saved');
    }
    setBusy(true);
    try {
      setImported((await api.importSealed(json)).reports);
      setError(null);
    } catch (e) {
      setError((e as ConsoleApiError).message);
    } finally {
      setBusy(false);
    }
  };

  const created = imported?.filter((r) => r.outcome === 'created').length ?? 0;
  return (
    <>
      {error && (
        <div class="govuk-error-summary" data-module="govuk-error-summary" role="alert">
          <h2 class="govuk-error-summary__title">There is a problem</h2>
          <div class="govuk-error-summary__body">
            <ul class="govuk-list govuk-error-summary__list">
              <li><a href="#sealed-file">{error}</a></li>
            </ul>
          </div>
        </div>
      )}
      <h1 class="govuk-heading-l">Import sealed reports</h1>
      <p class="govuk-body">
        For reports from a device that will never be online: the reporter saved them to a file in the app (“Save sealed reports to a
        file”). Each report is opened with the endpoint’s keys, checked and stored once, as if the device had sent it. If any report in
        the file cannot be opened or is not valid, nothing is imported.
      </p>
      <form noValidate onSubmit={submit}>
        <div class={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
          <label class="govuk-label govuk-label--s" for="sealed-file">File of sealed reports</label>
          <div class="govuk-hint" id="sealed-file-hint">A .json file named like sealed-reports-2026-03-01.json, at most 32 MB</div>
          {error && (
            <p class="govuk-error-message" id="sealed-file-error">
              <span class="govuk-visually-hidden">Error:</span> {error}
            </p>
          )}
          <input
            class={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
            id="sealed-file"
            name="sealed-file"
            type="file"
            accept=".json,application/json"
            aria-describedby={`sealed-file-hint${error ? ' sealed-file-error' : ''}`}
            onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)}
          />
        </div>
        <button type="submit" class="govuk-button" disabled={busy}>Import</button>
      </form>
      {imported && (
        <>
          <p class="govuk-body" role="status" data-testid="import-summary">
            {imported.length} report(s) in the file: {created} stored now, {imported.length - created} already received.
          </p>
          <table class="govuk-table" data-testid="import-receipts">
            <caption class="govuk-table__caption govuk-table__caption--s">Receipts</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                <th scope="col" class="govuk-table__header">Reference</th>
                <th scope="col" class="govuk-table__header">Kind</th>
                <th scope="col" class="govuk-table__header">Received</th>
                <th scope="col" class="govuk-table__header">This import</th>
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {imported.map((r) => (
                <tr class="govuk-table__row" key={r.id}>
                  <td class="govuk-table__cell"><a class="govuk-link" href={`/console/cases/${r.id}`}>{formatReference(r.reference)}</a></td>
                  <td class="govuk-table__cell">{kindLabel(r.kind)}</td>
                  <td class="govuk-table__cell">{dateTime(r.receivedAt)}</td>
                  <td class="govuk-table__cell">{r.outcome === 'created' ? 'Stored now' : 'Already received'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
