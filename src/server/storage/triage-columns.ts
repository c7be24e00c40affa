// The columns the incident team sorts and filters on, and those the console's loop selects on, derived from a
// report's answers once, at intake (and by the migrations that added them): the same rule as the device's for
// the regulator's clock. The loop reads these rather than each new report's JSON: at intake's pace, parsing
// thousands of 5 KB reports in the database every pass took a core away from intake.
import { deadlineAfter, regulatorClockRuns, toInstant } from '../../shared/dates.ts';

interface ReportFacts {
  occurrence?: string | undefined;
  personalData?: string | undefined;
  discoveredAt?: { day: string; month: string; year: string; time?: string } | undefined;
  timeZone: string;
  reporter?: { businessArea?: string | undefined } | undefined;
  breach?: { reportType?: string | undefined } | undefined;
}

export interface TriageColumns {
  occurrence: string | null;
  personal_data: string;
  discovered_at: string | null;
  regulator_deadline: string | null;
  /** The reporter's business area, as they wrote it: the console filters on it. */
  business_area: string | null;
  /** A breach report's "initial" or "follow-up" (the regulator's form); null for other kinds. */
  report_type: string | null;
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
    business_area: report.reporter?.businessArea ?? null,
    report_type: report.breach?.reportType ?? null,
  };
}
