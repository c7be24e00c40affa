// The regulator's side of a case on both stores: the decision (its rules), the forms sent, the regulator's
// answers with its case reference checked, and who was told. Dates are the case file's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/errors.ts';
import { regulatorStoreOf, type RegulatorStore } from '../../src/server/regulator/regulator-store.ts';
import type { ReportStore } from '../../src/server/storage/report-store.ts';
import { casefileAnswers } from '../fixtures/ico-breach-form.ts';
import { casefileBreach, compromised, copy } from '../unit/fixtures/casefile.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';

async function refusal(work: Promise<unknown>): Promise<ApiError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe.each(STORE_KINDS)('regulator records on %s', (kind) => {
  let test: TestStore;
  let store: ReportStore;
  let regulator: RegulatorStore;

  beforeAll(async () => {
    test = await createTestStore(kind);
    store = await openStoreAt(test.location);
    regulator = regulatorStoreOf(store);
    await store.saveReport(casefileBreach);
    await store.saveReport(compromised); // no personal data
  });
  afterAll(async () => {
    await store?.close();
    await test?.remove();
  });

  it('migrates to 0005_regulator', async () => {
    expect(await store.appliedMigrations()).toContain('0005_regulator');
  });

  it('refuses a form sent before a decision to report, and a decision with no reasons for not reporting', async () => {
    const early = await refusal(regulator.recordSubmission(casefileBreach.id, { reportType: 'initial', sentAt: '2019-12-20T18:16:00Z', sentBy: 'Data Compliance' }));
    expect(early.code).toBe('no_decision_to_report');
    const noReasons = await refusal(regulator.recordDecision(casefileBreach.id, { outcome: 'not-reporting', decidedBy: 'Amie Alekna', decidedAt: '2019-12-20T12:00:00Z' }));
    expect(noReasons.fields).toEqual([{ path: 'reasons', message: 'Say why the breach is not reported to the regulator' }]);
    expect((await regulator.record(casefileBreach.id)).decision).toBeNull();
  });

  it('asks why when the decision to report comes after the 72 hours', async () => {
    // Discovered 18 Dec 2019 16:42 (London): the deadline is 21 Dec 16:42.
    const late = await refusal(regulator.recordDecision(casefileBreach.id, { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: '2019-12-21T17:00:00Z' }));
    expect(late.fields?.[0]?.path).toBe('delayReason');
  });

  it('refuses a decision on a case without personal data, and an unknown case', async () => {
    const decision = { outcome: 'unclear', decidedBy: 'A', decidedAt: '2025-11-03T10:00:00Z' } as const;
    expect((await refusal(regulator.recordDecision(compromised.id, decision))).code).toBe('no_personal_data');
    expect((await refusal(regulator.recordDecision('00000000-0000-4000-8000-000000000000', decision))).statusCode).toBe(404);
  });

  it('keeps the case file: decision, initial form, acknowledgement with its reference, follow-up, decision; who was told', async () => {
    await regulator.recordDecision(casefileBreach.id, { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: '2019-12-20T17:00:00Z' });
    const initial = await regulator.recordSubmission(casefileBreach.id, { reportType: 'initial', sentAt: casefileAnswers.initial.sentAt, sentBy: 'Data Compliance' });
    expect((await refusal(regulator.recordSubmission(casefileBreach.id, { reportType: 'initial', sentAt: casefileAnswers.initial.sentAt, sentBy: 'X' }))).code).toBe('already_sent');

    const badReference = await refusal(
      regulator.recordResponse(casefileBreach.id, { kind: 'acknowledgement', receivedAt: '2019-12-23T11:23:00Z', icoReference: 'IC31191G5C6', recordedBy: 'Data Compliance' }),
    );
    expect(badReference.fields?.[0]).toEqual({ path: 'icoReference', message: 'Enter the ICO case reference in the form it was given, like IC-31191-G5C6' });
    await regulator.recordResponse(casefileBreach.id, { kind: 'acknowledgement', receivedAt: '2019-12-23T11:23:00Z', icoReference: casefileAnswers.followUp.icoCaseReference, recordedBy: 'Data Compliance' });

    const followUp = await regulator.recordSubmission(casefileBreach.id, {
      reportType: 'follow-up',
      sentAt: casefileAnswers.followUp.sentAt,
      sentBy: 'Data Compliance',
      answers: { breach: { reportType: 'follow-up', icoCaseReference: casefileAnswers.followUp.icoCaseReference } },
    });
    expect(followUp.initialId).toBe(initial.id);
    await regulator.recordResponse(casefileBreach.id, {
      kind: 'decision',
      receivedAt: '2020-01-14T15:47:00Z',
      caseOfficer: 'Christopher Yost',
      decision: 'No further action',
      recommendations: 'Consider the preventative measures you had in place prior to this incident.',
      recordedBy: 'Data Compliance',
    });
    await regulator.recordTold(casefileBreach.id, { audience: 'data-subjects', toldAt: '2019-12-20T16:00:00Z', method: 'A general message on the MoJ intranet', toldBy: 'Data Protection Team' });
    expect((await refusal(regulator.recordTold(casefileBreach.id, { audience: 'organisation', toldAt: '2019-12-20T16:00:00Z', method: 'Email', toldBy: 'X' }))).code).toBe('invalid_input');
    await regulator.recordTold(casefileBreach.id, { audience: 'organisation', organisation: 'Cabinet Office', toldAt: '2019-12-20T16:30:00Z', method: 'Email', toldBy: 'Data Protection Team' });

    const record = await regulator.record(casefileBreach.id.toUpperCase());
    expect(record.decision).toMatchObject({ outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: '2019-12-20T17:00:00.000Z' });
    expect(record.submissions.map((s) => [s.reportType, s.sentAt])).toEqual([
      ['initial', '2019-12-20T18:16:00.000Z'],
      ['follow-up', '2019-12-31T20:02:00.000Z'],
    ]);
    expect(record.submissions[1]!.answers).toEqual({ breach: { reportType: 'follow-up', icoCaseReference: 'IC-31191-G5C6' } });
    expect(record.icoReference).toBe('IC-31191-G5C6');
    expect(record.responses.map((r) => [r.kind, r.receivedAt, r.caseOfficer, r.decision])).toEqual([
      ['acknowledgement', '2019-12-23T11:23:00.000Z', null, null],
      ['decision', '2020-01-14T15:47:00.000Z', 'Christopher Yost', 'No further action'],
    ]);
    expect(record.told.map((t) => [t.audience, t.organisation])).toEqual([
      ['data-subjects', null],
      ['organisation', 'Cabinet Office'],
    ]);
  });

  it('refuses a follow-up on a case with no initial form', async () => {
    const other = { ...copy(casefileBreach), id: '11111111-2222-4333-8444-555555555555', reference: 'ZZZZZ22222' };
    await store.saveReport(other);
    await regulator.recordDecision(other.id, { outcome: 'unclear', decidedBy: 'Amie Alekna', decidedAt: '2019-12-19T09:00:00Z' });
    expect((await refusal(regulator.recordSubmission(other.id, { reportType: 'follow-up', sentAt: '2019-12-20T09:00:00Z', sentBy: 'X' }))).code).toBe('no_initial_report');
  });
});
