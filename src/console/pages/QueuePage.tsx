// The queue: open cases, most urgent first (regulator deadline, severity, age), with the time left on the
// 72-hour clock; filters for each column and search by reference, kept in the address so a view can be shared.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { CASE_STATUSES, SEVERITIES } from '../../shared/case-model.ts';
import type { QueueFilters, QueuePage as Page, StaffMember } from '../../shared/console-api.ts';
import { reportKinds } from '../../shared/options.ts';
import { api, ConsoleApiError } from '../api.ts';
import { clockText, dateTime, formatReference, kindLabel, occurrenceLabel, personalDataLabel, statusLabel } from '../format.ts';

const FILTER_KEYS = ['reference', 'kind', 'occurrence', 'personalData', 'severity', 'owner', 'status', 'businessArea', 'includeClosed'] as const;

function Select({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: { value: string; label: string }[] }) {
  return (
    <div class="govuk-form-group">
      <label class="govuk-label govuk-label--s" for={`filter-${name}`}>{label}</label>
      <select class="govuk-select" id={`filter-${name}`} name={name} value={value ?? ''}>
        <option value="">Any</option>
        {options.map((o) => (
          <option value={o.value} key={o.value}>{o.label}</option>
        ))}
      </select>
    </div>
  );
}

export function QueuePage() {
  const { query, route } = useLocation();
  const filters: Record<string, string | undefined> = Object.fromEntries(FILTER_KEYS.map((k) => [k, query[k] || undefined]));
  const [page, setPage] = useState<Page | null>(null);
  const [staff, setStaff] = useState<StaffMember[]>([]);
  const [error, setError] = useState<string | null>(null);
  const key = FILTER_KEYS.map((k) => filters[k] ?? '').join('|') + `|${query.after ?? ''}`;

  useEffect(() => {
    setError(null);
    api
      .queue({ ...(filters as QueueFilters), includeClosed: filters.includeClosed === 'true' }, query.after ?? null)
      .then(setPage, (e: ConsoleApiError) => setError(e.message));
  }, [key]);
  useEffect(() => {
    api.staff().then(setStaff, () => setStaff([]));
  }, []);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const params = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = String(data.get(k) ?? '').trim();
      if (v) params.set(k, v);
    }
    route(`/console?${params}`);
  };
  const nextHref = (next: string) => {
    const params = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1])));
    params.set('after', next);
    return `/console?${params}`;
  };

  return (
    <>
      <h1 class="govuk-heading-l">Cases</h1>
      <form class="console-filters" onSubmit={onSubmit} role="search" aria-label="Filter cases">
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-reference">Reference</label>
          <input class="govuk-input govuk-input--width-10" id="filter-reference" name="reference" type="search" autocomplete="off" spellcheck={false} value={filters.reference ?? ''} />
        </div>
        <Select name="kind" label="Kind" value={filters.kind} options={reportKinds.map((k) => ({ value: k.value, label: k.label }))} />
        <Select name="occurrence" label="Incident or near-miss" value={filters.occurrence} options={[{ value: 'incident', label: 'Incident' }, { value: 'near-miss', label: 'Near-miss' }]} />
        <Select name="personalData" label="Personal data" value={filters.personalData} options={['yes', 'no', 'not-known'].map((v) => ({ value: v, label: personalDataLabel(v) }))} />
        <Select name="severity" label="Severity" value={filters.severity} options={[...SEVERITIES.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) })), { value: 'none', label: 'Not assessed' }]} />
        <Select name="owner" label="Owner" value={filters.owner} options={[{ value: 'none', label: 'Nobody' }, ...staff.map((s) => ({ value: s.id, label: s.name }))]} />
        <Select name="status" label="Status" value={filters.status} options={CASE_STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))} />
        <div class="govuk-form-group">
          <label class="govuk-label govuk-label--s" for="filter-businessArea">Business area</label>
          <input class="govuk-input govuk-input--width-10" id="filter-businessArea" name="businessArea" type="text" autocomplete="off" value={filters.businessArea ?? ''} />
        </div>
        <Select name="includeClosed" label="Closed cases" value={filters.includeClosed} options={[{ value: 'true', label: 'Include closed' }]} />
        <div class="govuk-form-group">
          <button class="govuk-button govuk-!-margin-bottom-0" type="submit">Apply filters</button>
        </div>
      </form>
      {error && <p class="govuk-error-message" role="alert">{error}</p>}
      {page && page.rows.length === 0 && <p class="govuk-body">No cases match.</p>}
      {page && page.rows.length > 0 && (
        <div class="console-table-wrap">
          <table class="govuk-table" data-testid="queue">
            <caption class="govuk-table__caption govuk-visually-hidden">Open cases, most urgent first</caption>
            <thead class="govuk-table__head">
              <tr class="govuk-table__row">
                {['Reference', 'Regulator clock', 'Kind', 'Incident or near-miss', 'Personal data', 'Severity', 'Owner', 'Status', 'Business area', 'Received'].map((h) => (
                  <th scope="col" class="govuk-table__header" key={h}>{h}</th>
                ))}
              </tr>
            </thead>
            <tbody class="govuk-table__body">
              {page.rows.map((r) => (
                <tr class="govuk-table__row" key={r.id}>
                  <td class="govuk-table__cell"><a class="govuk-link" href={`/console/cases/${r.id}`}>{formatReference(r.reference)}</a></td>
                  <td class="govuk-table__cell">{r.regulatorDeadline ? <strong class={new Date(r.regulatorDeadline).getTime() - Date.now() < 24 * 3_600_000 ? 'moj-badge moj-badge--red' : 'moj-badge'}>{clockText(r.regulatorDeadline)}</strong> : 'No clock'}</td>
                  <td class="govuk-table__cell">{kindLabel(r.kind)}</td>
                  <td class="govuk-table__cell">{occurrenceLabel(r.occurrence)}</td>
                  <td class="govuk-table__cell">{personalDataLabel(r.personalData)}{r.personalDataConfirmed ? ' (confirmed)' : ''}</td>
                  <td class="govuk-table__cell">{r.severity ?? 'Not assessed'}</td>
                  <td class="govuk-table__cell">{r.ownerName ?? 'Nobody'}</td>
                  <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--grey">{statusLabel(r.status)}</strong></td>
                  <td class="govuk-table__cell">{r.businessArea ?? ''}</td>
                  <td class="govuk-table__cell">{dateTime(r.receivedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page?.next && <a class="govuk-link" href={nextHref(page.next)}>Next page</a>}
    </>
  );
}
