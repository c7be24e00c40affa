// A GOV.UK summary list of label and value rows, the values shown as typed (line breaks kept, never markup);
// a value that is a list shows as one.
export type SummaryRow = readonly [label: string, value: string | readonly string[]];

export function SummaryList({ rows, testId }: { rows: readonly SummaryRow[]; testId?: string }) {
  return (
    <dl class="govuk-summary-list" data-testid={testId}>
      {rows.map(([label, value]) => (
        <div class="govuk-summary-list__row" key={label}>
          <dt class="govuk-summary-list__key">{label}</dt>
          <dd class="govuk-summary-list__value console-pre">
            {typeof value === 'string' ? value : <ul class="govuk-list">{value.map((t, i) => <li key={i}>{t}</li>)}</ul>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
