import { describe, expect, it } from 'vitest';
import {
  deadlineLine,
  formatDateTime,
  formatParts,
  isRealDate,
  isTime,
  regulatorDeadline,
  regulatorDeadlineOf,
  timeLeft,
  toInstant,
  type DateTimeParts,
} from '../../../src/shared/dates.ts';
import { casefileBreach } from '../fixtures/casefile.ts';

const HOUR = 3_600_000;
const LONDON = 'Europe/London';
const parts = (day: number, month: number, year: number, time?: string): DateTimeParts => ({ day: String(day), month: String(month), year: String(year), ...(time ? { time } : {}) });

describe('regulatorDeadlineOf: the one rule for the clock, on device, pages and endpoint', () => {
  it('runs for an incident when personal data is involved or may be', () => {
    expect(regulatorDeadlineOf(casefileBreach)?.toISOString()).toBe('2019-12-21T16:42:00.000Z');
    expect(regulatorDeadlineOf({ ...casefileBreach, personalData: 'not-known' })?.toISOString()).toBe('2019-12-21T16:42:00.000Z');
  });

  it('does not run for a near-miss, without personal data, or before a real discovery date', () => {
    expect(regulatorDeadlineOf({ ...casefileBreach, occurrence: 'near-miss' })).toBeNull();
    expect(regulatorDeadlineOf({ ...casefileBreach, personalData: 'no' })).toBeNull();
    expect(regulatorDeadlineOf({ ...casefileBreach, occurrence: undefined })).toBeNull();
    expect(regulatorDeadlineOf({ ...casefileBreach, discoveredAt: { day: '31', month: '2', year: '2019', time: '10:00' } })).toBeNull();
    expect(regulatorDeadlineOf({ ...casefileBreach, timeZone: 'Mars/Olympus' })).toBeNull();
  });
});

describe('the regulator’s 72-hour clock, on the case file', () => {
  const discovered = casefileBreach.discoveredAt!; // 18 December 2019, 16:42, Europe/London
  const deadline = regulatorDeadline(discovered, casefileBreach.timeZone)!;

  it('runs from discovery (18 Dec 2019 16:42) to 21 Dec 2019 16:42', () => {
    expect(toInstant(discovered, LONDON)!.toISOString()).toBe('2019-12-18T16:42:00.000Z'); // GMT in December
    expect(deadline.toISOString()).toBe('2019-12-21T16:42:00.000Z');
    expect(formatDateTime(deadline, LONDON)).toBe('21 Dec 2019 16:42');
  });

  it('shows "Report to the regulator by 21 Dec 2019 16:42, 23 h left" 49 hours after discovery', () => {
    const now = new Date(toInstant(discovered, LONDON)!.getTime() + 49 * HOUR);
    expect(deadlineLine(deadline, now, LONDON)).toBe('Report to the regulator by 21 Dec 2019 16:42, 23 h left');
    // The device's own zone (TZ=Europe/London in this project) when none is given.
    expect(deadlineLine(deadline, now)).toBe('Report to the regulator by 21 Dec 2019 16:42, 23 h left');
  });

  it('when the report was actually sent (20 Dec 2019 18:16) about 22 hours were left', () => {
    expect(timeLeft(deadline, new Date('2019-12-20T18:16:00Z'))).toBe('22 h left');
  });
});

describe('72 elapsed hours across clock changes (Europe/London)', () => {
  it('October: Fri 24 Oct 2025 10:00 BST → Mon 27 Oct 2025 09:00 GMT', () => {
    const start = toInstant(parts(24, 10, 2025, '10:00'), LONDON)!;
    const deadline = regulatorDeadline(parts(24, 10, 2025, '10:00'), LONDON)!;
    expect(start.toISOString()).toBe('2025-10-24T09:00:00.000Z');
    expect(deadline.getTime() - start.getTime()).toBe(72 * HOUR);
    expect(formatDateTime(deadline, LONDON)).toBe('27 Oct 2025 09:00');
  });

  it('March: Fri 28 Mar 2025 10:00 GMT → Mon 31 Mar 2025 11:00 BST', () => {
    const start = toInstant(parts(28, 3, 2025, '10:00'), LONDON)!;
    const deadline = regulatorDeadline(parts(28, 3, 2025, '10:00'), LONDON)!;
    expect(start.toISOString()).toBe('2025-03-28T10:00:00.000Z');
    expect(deadline.getTime() - start.getTime()).toBe(72 * HOUR);
    expect(formatDateTime(deadline, LONDON)).toBe('31 Mar 2025 11:00');
  });

  it('a time in the spring-forward gap (30 Mar 2025 01:30 does not exist) moves forward to 02:30 BST', () => {
    const instant = toInstant(parts(30, 3, 2025, '01:30'), LONDON)!;
    expect(instant.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(formatDateTime(instant, LONDON)).toBe('30 Mar 2025 02:30');
    expect(formatDateTime(regulatorDeadline(parts(30, 3, 2025, '01:30'), LONDON)!, LONDON)).toBe('2 Apr 2025 02:30');
  });

  it('a time that happens twice (26 Oct 2025 01:30) is read as the first, so the deadline is the earlier one', () => {
    expect(toInstant(parts(26, 10, 2025, '01:30'), LONDON)!.toISOString()).toBe('2025-10-26T00:30:00.000Z'); // 01:30 BST
    expect(toInstant(parts(26, 10, 2025, '02:30'), LONDON)!.toISOString()).toBe('2025-10-26T02:30:00.000Z'); // GMT again
  });

  it('a date without a time is read as midnight', () => {
    expect(toInstant(casefileBreach.happenedAt!, LONDON)!.toISOString()).toBe('2019-12-07T00:00:00.000Z');
    expect(toInstant(parts(1, 7, 2025), LONDON)!.toISOString()).toBe('2025-06-30T23:00:00.000Z');
  });
});

describe('outside London', () => {
  it('reads the date and time in the report’s zone, not the device’s', () => {
    const deadline = regulatorDeadline(parts(18, 12, 2019, '16:42'), 'Europe/Paris')!;
    expect(deadline.toISOString()).toBe('2019-12-21T15:42:00.000Z');
    expect(formatDateTime(deadline, 'Europe/Paris')).toBe('21 Dec 2019 16:42');
    expect(formatDateTime(deadline, LONDON)).toBe('21 Dec 2019 15:42');
    expect(formatDateTime(deadline)).toBe('21 Dec 2019 15:42'); // the device's zone
  });

  it('New York: a time in its spring gap (9 Mar 2025 02:30) moves forward, not back', () => {
    const instant = toInstant(parts(9, 3, 2025, '02:30'), 'America/New_York')!;
    expect(formatDateTime(instant, 'America/New_York')).toBe('9 Mar 2025 03:30');
    expect(instant.toISOString()).toBe('2025-03-09T07:30:00.000Z');
  });

  it('New York: 72 hours from Fri 7 Mar 2025 12:00 EST is Mon 10 Mar 2025 13:00 EDT', () => {
    expect(formatDateTime(regulatorDeadline(parts(7, 3, 2025, '12:00'), 'America/New_York')!, 'America/New_York')).toBe('10 Mar 2025 13:00');
  });

  it('Sydney (clocks go forward in October): 4 Oct 2025 12:00 AEST → 7 Oct 2025 13:00 AEDT', () => {
    const deadline = regulatorDeadline(parts(4, 10, 2025, '12:00'), 'Australia/Sydney')!;
    expect(deadline.toISOString()).toBe('2025-10-07T02:00:00.000Z');
    expect(formatDateTime(deadline, 'Australia/Sydney')).toBe('7 Oct 2025 13:00');
  });
});

describe('time left and overdue', () => {
  const deadline = new Date('2019-12-21T16:42:00Z');
  const at = (minutesBefore: number) => new Date(deadline.getTime() - minutesBefore * 60_000);

  it.each([
    [72 * 60, '3 days 0 h left'],
    [49 * 60 + 30, '2 days 1 h left'],
    [48 * 60 - 1, '47 h left'],
    [23 * 60, '23 h left'],
    [60, '1 h left'],
    [45, '45 min left'],
    [1 / 3, '1 min left'], // 20 seconds: never "0 min left" while there is still time
    [-1 / 3, 'overdue by 1 min'],
    [-30, 'overdue by 30 min'],
    [-5 * 60, 'overdue by 5 h'],
    [-50 * 60, 'overdue by 2 days 2 h'],
  ])('%d min before the deadline: "%s"', (minutesBefore, expected) => {
    expect(timeLeft(deadline, at(minutesBefore))).toBe(expected);
  });

  it('the deadline line says when a report is overdue', () => {
    expect(deadlineLine(deadline, at(-5 * 60), LONDON)).toBe('Report to the regulator by 21 Dec 2019 16:42, overdue by 5 h');
  });
});

describe('dates as the reporter types them', () => {
  it.each([
    [parts(18, 12, 2019), true],
    [{ day: '07', month: '012', year: '2019' }, true],
    [{ day: ' 7 ', month: '12', year: '2019' }, true],
    [parts(31, 2, 2019), false],
    [parts(31, 4, 2025), false],
    [parts(29, 2, 2100), false],
    [parts(29, 2, 2000), true],
    [parts(0, 1, 2025), false],
    [parts(1, 13, 2025), false],
    [parts(1, 1, 1899), false],
    [{ day: '1', month: 'Jan', year: '2025' }, false],
    [{ day: '', month: '1', year: '2025' }, false],
    [{ day: '1.5', month: '1', year: '2025' }, false],
  ])('isRealDate(%j) is %s', (p, real) => {
    expect(isRealDate(p)).toBe(real);
    expect(toInstant(p, LONDON) !== null).toBe(real);
  });

  it.each([
    ['16:42', true], ['9:05', true], ['09.05', true], [' 23:59 ', true],
    ['24:00', false], ['16:60', false], ['1642', false], ['4pm', false], ['', false],
  ])('isTime(%j) is %s', (t, ok) => expect(isTime(t)).toBe(ok));

  it('formats the parts for the check page', () => {
    expect(formatParts(casefileBreach.discoveredAt!)).toBe('18 December 2019 at 16:42');
    expect(formatParts(casefileBreach.happenedAt!)).toBe('7 December 2019');
    expect(formatParts(parts(1, 2, 2020, '9.05'))).toBe('1 February 2020 at 09:05');
    expect(formatParts(parts(31, 2, 2020))).toBe('');
  });
});
