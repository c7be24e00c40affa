import { describe, expect, it } from 'vitest';
import { applies, catalogue, questionNamed } from '../../../src/shared/catalogue.ts';
import { pruneAnswers, validateReport, type FieldErrors } from '../../../src/shared/report.ts';
import { detectPersonalData } from '../../../src/shared/pii.ts';
import { icoFormQuestions } from '../../fixtures/ico-breach-form.ts';
import { casefileBreach, casefileText, copy, lostDevice, oneOfEachKind } from '../fixtures/casefile.ts';

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
    ['personal data without the breach questions', (r) => delete r.breach, 'breach.reportType'],
    ['"something else" told to data subjects without details', (r) => delete r.breach.toldDataSubjectsDetails, 'breach.toldDataSubjectsDetails'],
    ['other organisations told without naming them', (r) => delete r.breach.otherOrganisations, 'breach.otherOrganisations'],
    ['a follow-up without the ICO case reference', (r) => (r.breach.reportType = 'follow-up'), 'breach.icoCaseReference'],
    ['a follow-up without the measures in place before', (r) => (r.breach.reportType = 'follow-up'), 'breach.measuresBefore'],
    ['a follow-up without its steps to prevent a recurrence', (r) => (r.breach.reportType = 'follow-up'), 'breach.recurrenceSteps'],
    ['an initial report reference that is not one', (r) => Object.assign(r.breach, { reportType: 'follow-up', initialReference: 'IC-31191-G5C6' }), 'breach.initialReference'],
    ['an ICO case reference in the wrong form', (r) => Object.assign(r.breach, { reportType: 'follow-up', icoCaseReference: 'K7M2Q-9RTXW' }), 'breach.icoCaseReference'],
    ['"Not yet known" ticked with a category', (r) => (r.breach.dataCategories = ['health', 'not-yet-known']), 'breach.dataCategories'],
    ['spoke to ICO staff without their name', (r) => (r.breach.spokeToIco = 'yes'), 'breach.icoStaffName'],
    ['caused by a cyber incident without the systems question', (r) => (r.breach.causedByCyber = 'yes'), 'breach.systemsAffected'],
    ['what happened longer than 5,000 characters', (r) => (r.whatHappened = 'x'.repeat(5001)), 'whatHappened'],
    ['a record count in words', (r) => (r.breach.recordsConcerned = 'about 121 thousand'), 'breach.recordsConcerned'],
    ['known happening date missing', (r) => delete r.happenedAt, 'happenedAt'],
    ['a contractor without an organisation', (r) => (r.reporter.role = 'contractor'), 'reporter.organisation'],
    ['a supplier with a blank organisation', (r) => ((r.reporter.role = 'supplier'), (r.reporter.organisation = ' ')), 'reporter.organisation'],
    ['a reporter email that is not one', (r) => (r.reporter.email = 'data compliance at justice'), 'reporter.email'],
    ['"somewhere else" without saying where', (r) => delete r.locationDetails, 'locationDetails'],
    ['an unsupported schema version', (r) => (r.schemaVersion = 3), 'schemaVersion'],
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
    const on = (year: string) => breachWith((r) => Object.assign(r, { happenedAt: undefined, createdAt: '2020-03-01T09:00:00Z', happenedKnown: 'no', discoveredAt: { day: '29', month: '2', year, time: '09:00' } }));
    expect(validateReport(on('2020')).ok).toBe(true);
    expect(paths(errorsOf(on('2019')))).toEqual(['discoveredAt']);
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
    expect(paths(errors)).toEqual(expect.arrayContaining(['whatHappened', 'discoveredAt', 'reporter.name', 'breach.reportType', 'breach.likelihood']));
  });

  it('is not fooled by something that is not an object', () => {
    for (const junk of [null, 'report', 42, []]) expect(validateReport(junk).ok).toBe(false);
  });
});

describe("the catalogue carries the regulator's exact words", () => {
  const formLabels = new Map(icoFormQuestions.map((q) => [q.label, q]));
  const onTheForm = catalogue.filter((q) => q.name.startsWith('breach.') || q.formLabel);

  it.each([
    ['breach.dataCategories', 17],
    ['breach.subjectCategories', 10],
    ['breach.likelihood', 6],
    ['breach.toldDataSubjects', 7],
    ['breach.staffTrained', 3],
  ])('%s has the form\'s %i options, word for word and in order', (name, size) => {
    const question = questionNamed(name)!;
    const formQuestion = formLabels.get(question.formLabel ?? question.label);
    expect(formQuestion, `${name} is on the form as "${question.formLabel ?? question.label}"`).toBeDefined();
    const labels = 'options' in question ? question.options.map((o) => o.label) : [];
    expect(labels).toEqual(formQuestion!.options);
    expect(labels).toHaveLength(size);
  });

  it('every question printed on the form uses one of its labels', () => {
    const printed = onTheForm.filter((q) => q.formLabel).map((q) => q.formLabel!);
    expect(printed.length).toBeGreaterThan(15);
    for (const label of printed) expect(formLabels.has(label), label).toBe(true);
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
    const q = (name: string) => questionNamed(name)!;
    expect(applies(q('breach.delayReason'), casefileBreach, 'data-breach')).toBe(true);
    expect(applies(q('breach.measuresBefore'), casefileBreach, 'data-breach')).toBe(false);
    expect(applies(q('breach.likelihood'), { ...casefileBreach, personalData: 'not-known' }, 'data-breach')).toBe(false);
    expect(applies(q('policeReference'), lostDevice, 'lost-device')).toBe(true);
    expect(applies(q('policeReference'), lostDevice, 'compromised')).toBe(false);
  });
});

describe('answers that no longer apply are refused at intake', () => {
  const paths = (candidate: unknown) => {
    const result = validateReport(candidate);
    return result.ok ? [] : result.errors.map((e) => e.path);
  };

  it('refuses the breach questions on a report that says no personal data is involved', () => {
    expect(paths({ ...copy(casefileBreach), personalData: 'no' })).toEqual(expect.arrayContaining(['breach.reportType', 'breach.likelihood']));
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

  it('refuses a discovery later than 5 minutes after the report was started, whatever the endpoint\'s clock says', () => {
    // Started 20 Dec 2019 17:40 UTC (17:40 in London): 17:45 is within the slack, 17:46 is not.
    const at = (time: string) => ({ ...copy(casefileBreach), discoveredAt: { day: '20', month: '12', year: '2019', time } });
    expect(errorsOf(at('17:45'))).toEqual([]);
    expect(errorsOf(at('17:46'))).toContainEqual({ path: 'discoveredAt', message: 'The date and time it was discovered cannot be in the future' });
    expect(errorsOf({ ...copy(casefileBreach), discoveredAt: { day: '26', month: '11', year: '2026', time: '09:00' } }).map((e) => e.path)).toContain('discoveredAt');
  });

  it('compares in the reporter\'s time zone: 23:59 in Auckland is before midday UTC', () => {
    const report = { ...copy(casefileBreach), timeZone: 'Pacific/Auckland', createdAt: '2019-12-20T12:00:00.000Z', discoveredAt: { day: '20', month: '12', year: '2019', time: '23:59' } };
    expect(errorsOf(report)).toEqual([]);
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

describe('options offered only in some kinds of report', () => {
  it('accepts "not-needed" for the service desk in a breach, and refuses it for a lost or stolen device', () => {
    expect(validateReport({ ...copy(casefileBreach), serviceDeskContacted: 'not-needed', lineManagerTold: 'not-needed' }).ok).toBe(true);
    expect(paths(errorsOf({ ...copy(lostDevice), serviceDeskContacted: 'not-needed' }))).toContain('serviceDeskContacted');
  });
});
