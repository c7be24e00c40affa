// Dates as the reporter gives them (day, month, year, 24-hour time in the report's time zone) and the
// regulator's 72-hour clock. UK GDPR Art. 33 counts 72 hours of elapsed time "after having become aware",
// so the deadline is computed on instants and only then shown in local time: across the October clock
// change the deadline lands an hour earlier on the wall clock, and that is correct.

export type DateTimeParts = { day: string; month: string; year: string; time?: string };

export const REGULATOR_DEADLINE_HOURS = 72;

/** The answers that decide the regulator's clock: a report, a draft's answers with its time zone, or a stored row. */
export interface ClockFacts {
  occurrence?: string | undefined;
  personalData?: string | undefined;
  discoveredAt?: DateTimeParts | undefined;
  timeZone: string;
}

/**
 * The one rule for the regulator's deadline, used by the device, the pages and the endpoint: the 72-hour
 * clock runs for an incident (a near-miss is not a breach) when personal data is, or may be, involved, from
 * the moment it was discovered. Null when it does not run or the discovery is not yet a real date.
 */
export function regulatorDeadlineOf(facts: ClockFacts): Date | null {
  if (!regulatorClockRuns(facts)) return null;
  if (!facts.discoveredAt || !isRealDate(facts.discoveredAt) || !isValidTimeZone(facts.timeZone)) return null;
  return regulatorDeadline(facts.discoveredAt, facts.timeZone);
}

/** The rule's first half: whether the clock runs at all, whatever the discovery date says. */
export function regulatorClockRuns(facts: Pick<ClockFacts, 'occurrence' | 'personalData'>): boolean {
  return facts.occurrence === 'incident' && (facts.personalData === 'yes' || facts.personalData === 'not-known');
}

/** The deadline for a discovery already resolved to an instant (callers that have it need not resolve it again). */
export function deadlineAfter(discovered: Date): Date {
  return new Date(discovered.getTime() + REGULATOR_DEADLINE_HOURS * HOUR);
}

const zoneValidity = new Map<string, boolean>();
/** An IANA time zone name this runtime knows ("Europe/London"); "Mars/Olympus" is not one. */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const toInts = (p: DateTimeParts) => [Number(p.year), Number(p.month), Number(p.day)] as const;

// These take what a request or a draft holds, which may be of any type (the schema checks types, but its
// refinements still run on the rest): anything that is not a string is simply not a date or a time.
export function isRealDate(p: DateTimeParts): boolean {
  if (typeof p !== 'object' || p === null) return false;
  if (![p.day, p.month, p.year].every((s) => typeof s === 'string' && /^\s*\d{1,4}\s*$/.test(s))) return false;
  const [y, m, d] = toInts(p);
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/**
 * Whether a date is after today wherever the reporter may be: a day of slack covers every time zone and a
 * device clock that is a little off, so only a plainly impossible date is refused.
 */
export function isInFuture(p: DateTimeParts, now = Date.now()): boolean {
  const [y, m, d] = toInts(p);
  return Date.UTC(y, m - 1, d) > now + DAY;
}

/** Orders two local dates; times are compared only when both are given (a date alone says nothing finer). */
export function compareParts(a: DateTimeParts, b: DateTimeParts): number {
  const [ay, am, ad] = toInts(a);
  const [by, bm, bd] = toInts(b);
  const byDate = Date.UTC(ay, am - 1, ad) - Date.UTC(by, bm - 1, bd);
  if (byDate !== 0 || !a.time || !b.time || !isTime(a.time) || !isTime(b.time)) return Math.sign(byDate);
  const [ah, amin] = hoursMinutes(a.time);
  const [bh, bmin] = hoursMinutes(b.time);
  return Math.sign(ah * 60 + amin - (bh * 60 + bmin));
}

export function isTime(t: unknown): t is string {
  return typeof t === 'string' && /^([01]?\d|2[0-3])[:.][0-5]\d$/.test(t.trim());
}

function hoursMinutes(t: string | undefined): [number, number] {
  if (!t || !isTime(t)) return [0, 0];
  const [h, m] = t.trim().split(/[:.]/).map(Number);
  return [h!, m!];
}

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
// Per zone and UTC day: the offset in force all day, or null on a day with a clock change. Most days have
// none, so resolving a local time (two offsets, each a formatToParts) is mostly two lookups.
const steadyDays = new Map<string, Map<number, number | null>>();
const MAX_STEADY_DAYS = 10_000;

/** Offset of `zone` from UTC at `instant`, in ms (positive east of Greenwich). */
function zoneOffset(instant: number, zone: string): number {
  const day = Math.floor(instant / DAY);
  let days = steadyDays.get(zone);
  if (!days) {
    if (steadyDays.size >= MAX_STEADY_DAYS) steadyDays.clear();
    steadyDays.set(zone, (days = new Map()));
  }
  let steady = days.get(day);
  if (steady === undefined) {
    // The same offset at the day's first and last second: no change in between (clocks change at most once a day).
    const first = offsetAt(day * DAY, zone);
    steady = first === offsetAt((day + 1) * DAY - 1000, zone) ? first : null;
    if (days.size >= MAX_STEADY_DAYS) days.clear();
    days.set(day, steady);
  }
  return steady ?? offsetAt(instant, zone);
}

function offsetAt(instant: number, zone: string): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    offsetFormats.set(zone, format);
  }
  const fields: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const asUtc = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant a local date and time in `zone` denotes. A time skipped by a spring clock change moves forward
 * by the size of the gap (02:30 becomes 03:30); a time that happens twice in autumn is the first of the two,
 * so the regulator's deadline is never later than it could be.
 */
export function toInstant(p: DateTimeParts, zone: string): Date | null {
  if (!isRealDate(p)) return null;
  const [y, m, d] = toInts(p);
  const [hh, mm] = hoursMinutes(p.time);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  // The offsets a day either side are the only ones in force around this wall time (at most one transition).
  const before = zoneOffset(wall - DAY, zone);
  const after = zoneOffset(wall + DAY, zone);
  // The same offset on both sides: no transition in between, so the wall time has exactly one reading.
  if (before === after) return new Date(wall - before);
  const valid = [before, after].map((offset) => wall - offset).filter((t) => wall - zoneOffset(t, zone) === t);
  // No valid reading: the wall time is in a spring gap; read it with the offset before the change.
  return new Date(valid.length > 0 ? Math.min(...valid) : wall - before);
}

export function regulatorDeadline(discovered: DateTimeParts, zone: string): Date | null {
  const start = toInstant(discovered, zone);
  return start && deadlineAfter(start);
}

const FORMATS = {
  shortDay: { day: 'numeric', month: 'short', year: 'numeric' },
  longDay: { day: 'numeric', month: 'long', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
  /** "3 Mar 2026, 09:05": the console's lists. */
  shortDayAndTime: { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  /** "3 March 2026 at 09:05": the team's messages. */
  longDayAndTime: { dateStyle: 'long', timeStyle: 'short' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateFormat = keyof typeof FORMATS;
// Made once per format and zone: building an Intl.DateTimeFormat costs some 20 times what formatting with one does,
// and lists format a date per row.
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 100;

function formatter(format: DateFormat, zone: string | undefined): Intl.DateTimeFormat {
  const key = `${format} ${zone ?? ''}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat('en-GB', { timeZone: zone, ...FORMATS[format] });
    if (formatters.size < MAX_FORMATTERS) formatters.set(key, made);
  }
  return made;
}

/** `instant` in one of the formats above; "Invalid Date", as toLocaleString said, for a date that is not one. */
export function formatInstant(instant: Date, format: DateFormat, zone?: string): string {
  return Number.isNaN(instant.getTime()) ? 'Invalid Date' : formatter(format, zone).format(instant);
}

export function formatDateTime(instant: Date, zone?: string): string {
  return `${formatter('shortDay', zone).format(instant)} ${formatter('time', zone).format(instant)}`;
}

/** "3 March 2026": a day, in words, for what happens on a day (a draft's deletion). */
export function formatDate(instant: Date, zone?: string): string {
  return formatter('longDay', zone).format(instant);
}

/** A moment as the reporter's device reads it: its local day, month, year and 24-hour time ("9", "3", "2026", "09:05"). */
export function localParts(instant: Date): Required<DateTimeParts> {
  const two = (n: number) => String(n).padStart(2, '0');
  return {
    day: String(instant.getDate()),
    month: String(instant.getMonth() + 1),
    year: String(instant.getFullYear()),
    time: `${two(instant.getHours())}:${two(instant.getMinutes())}`,
  };
}

export function formatParts(p: DateTimeParts): string {
  if (!isRealDate(p)) return '';
  const [y, m, d] = toInts(p);
  const date = formatter('longDay', 'UTC').format(new Date(Date.UTC(y, m - 1, d)));
  return p.time && isTime(p.time) ? `${date} at ${p.time.trim().replace('.', ':').padStart(5, '0')}` : date;
}

/** "23 h left", "2 days 4 h left", "40 min left", "overdue by 5 h": what the reporter needs to judge urgency at a glance. */
export function timeLeft(deadline: Date, now: Date): string {
  const ms = deadline.getTime() - now.getTime();
  const minutes = Math.floor(Math.abs(ms) / MINUTE);
  const hours = Math.floor(minutes / 60);
  // Under an hour, minutes: "0 h left" would read as "too late" and "overdue by 0 h" as "not overdue".
  const span = hours >= 48 ? `${Math.floor(hours / 24)} days ${hours % 24} h` : hours >= 1 ? `${hours} h` : `${Math.max(1, minutes)} min`;
  return ms >= 0 ? `${span} left` : `overdue by ${span}`;
}

/** The line the check page, the confirmation and the start page show for a personal-data breach. */
export function deadlineLine(deadline: Date, now: Date, zone?: string): string {
  return `Report to the regulator by ${formatDateTime(deadline, zone)}, ${timeLeft(deadline, now)}`;
}
