// Words for the console: dates in UK time, the regulator's clock, labels of the case model's values.
import { formatInstant } from '../shared/dates.ts';
import { CENTRAL_TEAMS, STATUS_LABELS, type CaseState } from '../shared/case-model.ts';
import { labelOf, reportKinds } from '../shared/options.ts';
import { formatReference } from '../shared/reference.ts';

export { formatReference };

export const dateTime = (iso: string) => formatInstant(new Date(iso), 'shortDayAndTime', 'Europe/London');

/** "31 h 20 min left", "overdue by 2 h 5 min", or "No clock". */
export function clockText(deadline: string | null, now = Date.now()): string {
  if (!deadline) return 'No clock';
  const ms = new Date(deadline).getTime() - now;
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  const text = `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return ms >= 0 ? `${text} left` : `Overdue by ${text}`;
}

export const kindLabel = (kind: string) => labelOf(reportKinds, kind);
export const statusLabel = (status: CaseState) => STATUS_LABELS[status] ?? status;
export const teamLabel = (team: string) => CENTRAL_TEAMS.find((t) => t.value === team)?.label ?? team;
export const personalDataLabel = (value: string) => ({ yes: 'Yes', no: 'No', 'not-known': 'Not known' })[value] ?? value;
export const occurrenceLabel = (value: string | null) => (value === 'near-miss' ? 'Near-miss' : value === 'incident' ? 'Incident' : 'Not said');
