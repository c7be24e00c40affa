// The quarterly return of incidents to the Cabinet Office: counts by quarter (of discovery), kind, incident or
// near-miss, severity, personal data, reported to the regulator or not, and business area. Counted from the
// same pages as the register, so their sums agree by construction and by test.
import type { Kysely } from 'kysely';
import { getAnswer } from '../../shared/catalogue.ts';
import type { RegulatorDatabase } from '../regulator/regulator-tables.ts';
import { caseFacts, type CaseFacts, type RegisterFilter } from './register.ts';

export interface ReturnRow {
  /** "2019 Q4" (UK time). */
  quarter: string;
  kind: string;
  occurrence: string;
  severity: string;
  personalData: string;
  reportedToRegulator: 'yes' | 'no';
  businessArea: string;
  count: number;
}

const DIMENSIONS = ['quarter', 'kind', 'occurrence', 'severity', 'personalData', 'reportedToRegulator', 'businessArea'] as const;

const londonMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: 'numeric' });

export function quarterOf(instant: string | null): string {
  if (!instant) return 'Unknown';
  const parts = londonMonth.formatToParts(new Date(instant));
  const year = parts.find((p) => p.type === 'year')!.value;
  const month = Number(parts.find((p) => p.type === 'month')!.value);
  return `${year} Q${Math.ceil(month / 3)}`;
}

function returnKey(c: CaseFacts): Omit<ReturnRow, 'count'> {
  const area = getAnswer(c.report, 'reporter.businessArea');
  return {
    quarter: quarterOf(c.discoveredAt),
    kind: c.kind,
    occurrence: c.occurrence ?? 'not recorded',
    // TODO(console): the team's severity lives on the console's case (0004_cases); until it is joined, none.
    severity: 'not assessed',
    personalData: c.personalData,
    reportedToRegulator: c.reportedAt ? 'yes' : 'no',
    businessArea: typeof area === 'string' && area.trim() ? area.trim() : 'not given',
  };
}

export async function quarterlyReturn(db: Kysely<RegulatorDatabase>, filter: RegisterFilter = {}): Promise<ReturnRow[]> {
  const counts = new Map<string, ReturnRow>();
  for await (const page of caseFacts(db, filter)) {
    for (const c of page) {
      const key = returnKey(c);
      const id = JSON.stringify(DIMENSIONS.map((d) => key[d]));
      const row = counts.get(id);
      if (row) row.count += 1;
      else counts.set(id, { ...key, count: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => DIMENSIONS.map((d) => String(a[d]).localeCompare(String(b[d]))).find((x) => x !== 0) ?? 0);
}

/** The last `n` quarters up to `now`'s, oldest first ("2024 Q1" ...). */
export function lastQuarters(now: Date, n = 8): string[] {
  const [year, q] = quarterOf(now.toISOString()).split(' Q').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const index = year * 4 + (q - 1) - i;
    out.push(`${Math.floor(index / 4)} Q${(index % 4) + 1}`);
  }
  return out;
}

export const RETURN_COLUMNS: readonly { key: keyof ReturnRow; header: string }[] = [
  { key: 'quarter', header: 'Quarter' },
  { key: 'kind', header: 'Kind' },
  { key: 'occurrence', header: 'Incident or near-miss' },
  { key: 'severity', header: 'Severity' },
  { key: 'personalData', header: 'Personal data' },
  { key: 'reportedToRegulator', header: 'Reported to the regulator' },
  { key: 'businessArea', header: 'Business area' },
  { key: 'count', header: 'Count' },
];
