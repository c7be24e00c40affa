// The reports on this device that have not reached the incident team: kind, reference and when it was started.
import type { OutboxRecord } from '../../db/database.ts';
import { formatDateTime } from '../../shared/dates.ts';
import { labelOf, reportKinds } from '../../shared/options.ts';
import { formatReference } from '../../shared/reference.ts';

export function WaitingReportsTable({ records, caption, testId }: { records: OutboxRecord[]; caption: string; testId: string }) {
  return (
    <table class="govuk-table" data-testid={testId}>
      <caption class="govuk-table__caption govuk-table__caption--s">{caption}</caption>
      <thead class="govuk-table__head">
        <tr class="govuk-table__row">
          <th scope="col" class="govuk-table__header">Report</th>
          <th scope="col" class="govuk-table__header">Reference</th>
          <th scope="col" class="govuk-table__header">Started</th>
        </tr>
      </thead>
      <tbody class="govuk-table__body">
        {records.map((r) => (
          <tr class="govuk-table__row" key={r.id}>
            <td class="govuk-table__cell">{labelOf(reportKinds, r.kind)}</td>
            <td class="govuk-table__cell app-reference">{formatReference(r.reference)}</td>
            <td class="govuk-table__cell">{formatDateTime(new Date(r.createdAt), r.timeZone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
