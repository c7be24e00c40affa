// The data protection officer's decision on a case with personal data: whether it meets the threshold to
// report to the regulator, in the regulator's own three "Reason for report – after consulting the guidance"
// options (ICO form, word for word), or that it is not reported at all (then the reasons are required).

export const REASONS_FOR_REPORT = [
  { value: 'meets-threshold', label: 'I consider the incident meets the threshold to report' },
  { value: 'below-threshold-aware', label: 'I do not consider the incident meets the threshold to report, however I want you to be aware' },
  { value: 'unclear', label: 'I am unclear whether the incident meets the threshold to report' },
] as const;

export type ReasonForReport = (typeof REASONS_FOR_REPORT)[number]['value'];

/** What the officer decided: one of the form's reasons (the form is sent), or not reporting. */
export const DECISION_OUTCOMES = [...REASONS_FOR_REPORT.map((r) => r.value), 'not-reporting'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export function isReasonForReport(outcome: string): outcome is ReasonForReport {
  return REASONS_FOR_REPORT.some((r) => r.value === outcome);
}

export function outcomeLabel(outcome: DecisionOutcome): string {
  return outcome === 'not-reporting' ? 'Not reported to the regulator' : REASONS_FOR_REPORT.find((r) => r.value === outcome)!.label;
}
