import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applies, pruneAnswers, validateReport, type FieldErrors } from '../../../src/shared/report.ts';
import { dataCategories, dataSubjectCategories, likelihoods, toldDataSubjects, type Option } from '../../../src/shared/options.ts';
import { detectPersonalData } from '../../../src/shared/pii.ts';
import { CASEFILE_PATH, casefileBreach, casefileText, copy, lostDevice, oneOfEachKind } from '../fixtures/casefile.ts';

/** The errors of a report that must fail validation. */
function errorsOf(candidate: unknown): FieldErrors {
  const result = validateReport(candidate);
  if (result.ok) throw new Error('expected the report to be rejected, but it validated');
  return result.errors;
}
const paths = (errors: FieldErrors) => errors.map((e) => e.path);

/** The case-file breach, changed by `change`. */
function breachWith(change: (r: any) => void): unknown {
  const r = copy(casefileBreach);
  change(r);
  return r;
}

describe('the case-file breach (ICO IC-31191-G5C6, initial report of 20 December 2019)', () => {
  it('validates as a data-breach report, keeping the answers as given', () => {
    const result = validateReport(casefileBreach);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.report.kind).toBe('data-breach');
    expect(result.report.discoveredAt).toEqual({ day: '18', month: '12', year: '2019', time: '16:42' });
    expect(result.report.happenedAt).toEqual({ day: '7', month: '12', year: '2019' });
    expect(result.report.breach?.recordsConcerned).toBe('121,109');
    expect(result.report.breach?.otherOrganisations).toBe(casefileText.otherOrganisations);
  });

  it('quotes the case file word for word where it is not redacted', () => {
    const casefile = readFileSync(CASEFILE_PATH, 'utf8');
    for (const quote of Object.values(casefileText)) expect(casefile).toContain(quote);
    expect(casefile).toContain('Date: 18 December 2019\n\nTime: 16:42');
    expect(casefile).toContain('Date: 7 December 2019\n\nTime:\n');
    expect(casefile).toContain('Total: 121,109');
  });

  it("raises no personal-data warning on the department's own wording", () => {
    const b = casefileBreach.breach!;
    const freeText = [casefileBreach.whatHappened, b.howFoundOut, b.consequences, b.actualHarm, b.delayReason, b.toldDataSubjectsDetails, b.otherOrganisations];
    for (const text of freeText) expect(detectPersonalData(text ?? '', new Date('2019-12-20T18:16:00Z')), text).toEqual([]);
  });

  it('trims free text', () => {
    const result = validateReport(breachWith((r) => (r.whatHappened = `  ${r.whatHappened}\n`)));
    expect(result.ok && result.report.whatHappened).toBe(casefileBreach.whatHappened);
  });
});

describe('one valid example of each kind', () => {
  it.each(oneOfEachKind.map((r) => [r.kind, r] as const))('%s validates', (_kind, report) => {
    const result = validateReport(report);
    expect(result.ok ? [] : result.errors).toEqual([]);
  });

  it('covers every kind', () => {
    expect(oneOfEachKind.map((r) => r.kind).sort()).toEqual(['compromised', 'data-breach', 'lost-device', 'other']);
  });
});

describe('a broken report fails with an error that names the field', () => {
  const cases: [string, (r: any) => void, string][] = [
    ['missing what happened', (r) => delete r.whatHappened, 'whatHappened'],
    ['what happened is only spaces', (r) => (r.whatHappened = '   \n '), 'whatHappened'],
    ['no data category ticked', (r) => (r.breach.dataCategories = []), 'breach.dataCategories'],
    ['"Other" data category without details', (r) => delete r.breach.dataCategoriesOther, 'breach.dataCategoriesOther'],
    ['"Other" data category with blank details', (r) => (r.breach.dataCategoriesOther = '  '), 'breach.dataCategoriesOther'],
    ['a data category not on the regulator\'s list', (r) => r.breach.dataCategories.push('shoe-size'), 'breach.dataCategories.2'],
    ['a likelihood not on the regulator\'s list', (r) => (r.breach.likelihood = 'low'), 'breach.likelihood'],
    ['the label instead of the value for likelihood', (r) => (r.breach.likelihood = 'Unlikely'), 'breach.likelihood'],
    ['discovery time missing', (r) => delete r.discoveredAt.time, 'discoveredAt.time'],
    ['discovery time empty', (r) => (r.discoveredAt.time = ''), 'discoveredAt.time'],
    ['discovery time not a time', (r) => (r.discoveredAt.time = '25:00'), 'discoveredAt.time'],
    ['personal data without the breach questions', (r) => delete r.breach, 'breach'],
    ['"something else" told to data subjects without details', (r) => delete r.breach.toldDataSubjectsDetails, 'breach.toldDataSubjectsDetails'],
    ['other organisations told without naming them', (r) => delete r.breach.otherOrganisations, 'breach.otherOrganisations'],
    ['a follow-up without the earlier reference', (r) => (r.breach.reportType = 'follow-up'), 'breach.earlierReference'],
    ['caused by a cyber incident without the systems question', (r) => (r.breach.causedByCyber = 'yes'), 'breach.systemsAffected'],
    ['what happened longer than 5,000 characters', (r) => (r.whatHappened = 'x'.repeat(5001)), 'whatHappened'],
    ['a record count in words', (r) => (r.breach.recordsConcerned = 'about 121 thousand'), 'breach.recordsConcerned'],
    ['known happening date missing', (r) => delete r.happenedAt, 'happenedAt'],
    ['a contractor without an organisation', (r) => (r.reporter.role = 'contractor'), 'reporter.organisation'],
    ['a supplier with a blank organisation', (r) => ((r.reporter.role = 'supplier'), (r.reporter.organisation = ' ')), 'reporter.organisation'],
    ['a reporter email that is not one', (r) => (r.reporter.email = 'data compliance at justice'), 'reporter.email'],
    ['"somewhere else" without saying where', (r) => delete r.locationDetails, 'locationDetails'],
    ['wrong schema version', (r) => (r.schemaVersion = 2), 'schemaVersion'],
    ['a reference with look-alike characters', (r) => (r.reference = 'K7M2Q9RTX0'), 'reference'],
    ['an id that is not a UUID', (r) => (r.id = 'case-1'), 'id'],
    ['an unknown kind', (r) => (r.kind = 'burglary'), 'kind'],
  ];

  it.each(cases)('%s → %s', (_what, change, path) => {
    const errors = errorsOf(breachWith(change));
    expect(paths(errors)).toContain(path);
    expect(errors.find((e) => e.path === path)?.message).toMatch(/\S/);
  });

  it('31 February is not a real discovery date', () => {
    const errors = errorsOf(breachWith((r) => (r.discoveredAt = { day: '31', month: '2', year: '2019', time: '16:42' })));
    expect(paths(errors)).toEqual(['discoveredAt']);
    expect(errors[0]!.message).toMatch(/real date/);
  });

  it('29 February is a real date only in a leap year', () => {
    expect(validateReport(breachWith((r) => (r.discoveredAt = { day: '29', month: '2', year: '2020', time: '09:00' }))).ok).toBe(true);
    expect(paths(errorsOf(breachWith((r) => (r.discoveredAt = { day: '29', month: '2', year: '2019', time: '09:00' }))))).toEqual(['discoveredAt']);
  });

  it('rejects a key that is not part of a report, at the top level and inside the breach answers', () => {
    expect(errorsOf(breachWith((r) => (r.nationalInsuranceNumbers = 'AB123456C')))).toEqual([
      { path: 'nationalInsuranceNumbers', message: expect.stringMatching(/not part of a report/) },
    ]);
    expect(paths(errorsOf(breachWith((r) => (r.breach.names = 'a list'))))).toEqual(['breach.names']);
  });

  it('rejects a field of another kind (a strict union, not a merge of all kinds)', () => {
    expect(paths(errorsOf(breachWith((r) => (r.deviceType = 'laptop'))))).toEqual(['deviceType']);
  });

  it('a lost device the police were told about needs the police reference', () => {
    const r: any = copy(lostDevice);
    delete r.policeReference;
    expect(paths(errorsOf(r))).toEqual(['policeReference']);
    r.policeTold = 'no';
    expect(validateReport(r).ok).toBe(true);
  });

  it('lists every missing answer, including the conditional ones, at once', () => {
    const errors = errorsOf({ kind: 'data-breach', personalData: 'yes' });
    expect(paths(errors)).toEqual(expect.arrayContaining(['whatHappened', 'discoveredAt', 'reporter', 'breach']));
  });

  it('is not fooled by something that is not an object', () => {
    for (const junk of [null, 'report', 42, []]) expect(validateReport(junk).ok).toBe(false);
  });
});

describe("the option lists carry the regulator's exact words", () => {
  const casefile = readFileSync(CASEFILE_PATH, 'utf8');
  const lists: [string, readonly Option[], number][] = [
    ['categories of personal data', dataCategories, 17],
    ['categories of data subjects', dataSubjectCategories, 10],
    ['likelihood of significant consequences', likelihoods, 6],
    ['told data subjects', toldDataSubjects, 7],
  ];

  it.each(lists)('%s: %i labels, each verbatim in the case file', (_name, list, size) => {
    expect(list).toHaveLength(size);
    // Each label is a line of the form (a bullet or a paragraph), not merely a substring of one.
    const lines = new Set(casefile.split('\n').map((l) => l.replace(/^- /, '').trim()));
    for (const { label } of list) expect(lines.has(label), label).toBe(true);
    expect(new Set(list.map((o) => o.value)).size).toBe(size);
  });
});

describe('pruneAnswers drops the answers that no longer apply', () => {
  it('drops when it happened once the reporter says they do not know', () => {
    const pruned = pruneAnswers({ ...copy(casefileBreach), happenedKnown: 'no' as const });
    expect(pruned).not.toHaveProperty('happenedAt');
    expect(pruned.discoveredAt).toEqual(casefileBreach.discoveredAt);
    expect(validateReport(pruned).ok).toBe(true);
  });

  it('drops the breach answers once personal data is not involved', () => {
    const pruned = pruneAnswers({ ...copy(casefileBreach), personalData: 'no' as const });
    expect(pruned).not.toHaveProperty('breach');
    expect(validateReport(pruned).ok).toBe(true);
  });

  it('drops the cyber-only answers unless the breach was caused by a cyber incident', () => {
    const cyber = breachWith((r) => {
      Object.assign(r.breach, { causedByCyber: 'yes', systemsAffected: 'yes', systemEffects: ['confidentiality'], organisationImpact: 'Payroll was down', recoveryTime: 'Two days' });
    }) as typeof casefileBreach;
    expect(validateReport(cyber).ok).toBe(true);
    expect(pruneAnswers(cyber).breach).toMatchObject({ systemsAffected: 'yes', systemEffects: ['confidentiality'], recoveryTime: 'Two days' });

    for (const causedByCyber of ['no', 'dont-know'] as const) {
      const pruned = pruneAnswers({ ...cyber, breach: { ...cyber.breach!, causedByCyber } });
      for (const key of ['systemsAffected', 'systemEffects', 'organisationImpact', 'recoveryTime']) expect(pruned.breach).not.toHaveProperty(key);
      expect(pruned.breach?.likelihood).toBe('unlikely');
    }
  });

  it('drops the details of "Other" once "Other" is unticked, and the organisation of a staff member', () => {
    const pruned = pruneAnswers(breachWith((r) => {
      r.breach.dataCategories = ['basic-identifiers'];
      r.reporter.organisation = 'Acme Ltd';
    }) as typeof casefileBreach);
    expect(pruned.breach).not.toHaveProperty('dataCategoriesOther');
    expect(pruned.reporter).not.toHaveProperty('organisation');
  });

  it('keeps what still applies and does not change its argument', () => {
    const before = copy(casefileBreach);
    expect(pruneAnswers(before)).toEqual(casefileBreach);
    const changed = { ...before, personalData: 'no' as const };
    pruneAnswers(changed);
    expect(changed.breach).toEqual(casefileBreach.breach);
  });

  it('applies() says which questions to show', () => {
    expect(applies(casefileBreach, ['breach', 'delayReason'])).toBe(true);
    expect(applies(casefileBreach, ['breach', 'measuresBefore'])).toBe(false);
    expect(applies({ ...casefileBreach, personalData: 'not-known' }, ['breach'])).toBe(false);
    expect(applies(lostDevice, ['policeReference'])).toBe(true);
  });
});

describe('answers that no longer apply are refused at intake', () => {
  const paths = (candidate: unknown) => {
    const result = validateReport(candidate);
    return result.ok ? [] : result.errors.map((e) => e.path);
  };

  it('refuses the breach questions on a report that says no personal data is involved', () => {
    expect(paths({ ...copy(casefileBreach), personalData: 'no' })).toContain('breach');
  });

  it('refuses a police reference when the police were not told, and accepts it once pruned', () => {
    const stale = { ...copy(lostDevice), policeTold: 'no', policeReference: 'CAD 42' };
    expect(paths(stale)).toContain('policeReference');
    expect(validateReport(pruneAnswers(stale)).ok).toBe(true);
  });
});

describe('dates that cannot be right', () => {
  const errorsOf = (candidate: unknown) => {
    const result = validateReport(candidate);
    return result.ok ? [] : result.errors;
  };

  it('refuses a discovery date in the future, with a message naming the date', () => {
    const nextYear = String(new Date().getFullYear() + 1);
    const errors = errorsOf({ ...copy(casefileBreach), discoveredAt: { day: '1', month: '1', year: nextYear, time: '09:00' } });
    expect(errors).toContainEqual({ path: 'discoveredAt', message: 'The date it was discovered must be today or in the past' });
  });

  it('accepts today, whatever the time zone', () => {
    const today = new Date();
    const discoveredAt = { day: String(today.getUTCDate()), month: String(today.getUTCMonth() + 1), year: String(today.getUTCFullYear()), time: '23:59' };
    expect(errorsOf({ ...copy(casefileBreach), discoveredAt })).toEqual([]);
  });

  it('refuses a "happened" date after the discovery, but not the same day without times', () => {
    const report = copy(casefileBreach);
    const later = { ...report, happenedKnown: 'yes', happenedAt: { day: '19', month: '12', year: '2019' } };
    expect(errorsOf(later).map((e) => e.path)).toContain('happenedAt');
    const sameDay = { ...report, happenedKnown: 'yes', happenedAt: { day: '18', month: '12', year: '2019' } };
    expect(errorsOf(sameDay)).toEqual([]);
    const laterThatDay = { ...report, happenedKnown: 'yes', happenedAt: { day: '18', month: '12', year: '2019', time: '17:00' } };
    expect(errorsOf(laterThatDay).map((e) => e.path)).toContain('happenedAt');
  });
});

it('refuses the same option ticked twice', () => {
  const report = copy(casefileBreach);
  const result = validateReport({ ...report, breach: { ...report.breach, dataCategories: ['other', 'other'] } });
  expect(result.ok ? [] : result.errors).toContainEqual({ path: 'breach.dataCategories', message: 'Each option can only be ticked once' });
});
