// The columns the incident team sorts and filters on, derived from a report's answers once, at intake (and
// by the migration that added them): the same rule as the device's for the regulator's clock.
import { deadlineAfter, regulatorClockRuns, toInstant } from '../../shared/dates.ts';

interface ReportFacts {
  occurrence?: string | undefined;
  personalData?: string | undefined;
  discoveredAt?: { day: string; month: string; year: string; time?: string } | undefined;
  timeZone: string;
}

export interface TriageColumns {
  occurrence: string | null;
  personal_data: string;
  discovered_at: string | null;
  regulator_deadline: string | null;
}

export function triageColumns(report: ReportFacts): TriageColumns {
  let discovered: Date | null = null;
  try {
    discovered = report.discoveredAt ? toInstant(report.discoveredAt, report.timeZone) : null;
  } catch {
    // An unknown time zone in a report stored before zones were checked: sort it by receipt instead.
  }
  return {
    occurrence: report.occurrence ?? null,
    personal_data: report.personalData ?? 'not-known',
    discovered_at: discovered?.toISOString() ?? null,
    // The same rule as regulatorDeadlineOf, on the instant resolved above: resolving a local time in a zone is
    // the costliest step of intake, so it is done once per report.
    regulator_deadline: discovered && regulatorClockRuns(report) ? deadlineAfter(discovered).toISOString() : null,
  };
}
