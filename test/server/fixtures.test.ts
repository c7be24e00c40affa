// The shared report builders must give reports the shared schema accepts, with no answer that does not apply.
import { describe, expect, it } from 'vitest';
import { pruneAnswers, validateReport } from '../../src/shared/report.ts';
import { buildBreachReport, buildLargeReport, buildReport } from '../support/fixtures.ts';

describe('report fixtures', () => {
  it.each([
    ['buildReport', buildReport],
    ['buildBreachReport', buildBreachReport],
    ['buildLargeReport(5000)', () => buildLargeReport(5000)],
  ])('%s gives a valid report with only answers that apply', (_name, build) => {
    const report = build();
    const result = validateReport(report);
    expect(result.ok ? [] : result.errors).toEqual([]);
    expect(pruneAnswers(report)).toEqual(report);
  });

  it('gives a fresh id and reference each time', () => {
    const [a, b] = [buildReport(), buildReport()];
    expect(a.id).not.toBe(b.id);
    expect(a.reference).not.toBe(b.reference);
  });

  it('buildBreachReport involves personal data and answers the breach questions', () => {
    const report = buildBreachReport();
    expect(report.personalData).toBe('yes');
    expect(report.breach?.reportType).toBe('initial');
  });

  it('buildLargeReport pads to about the size asked', () => {
    expect(JSON.stringify(buildLargeReport(5000)).length).toBeGreaterThanOrEqual(4990);
  });
});
