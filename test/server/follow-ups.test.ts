// Follow-up breach reports join the original case (issue 9), on both stores: by the department's reference of
// the initial report, by the regulator's case reference recorded on the case, by a version-1 report's own
// words; together with their original in one pass; a reference that names no case opens a case of its own
// with a note saying so. The follow-up is stored once as its own report; the queue, the register and the
// return show one case; its timeline, the audit trail and the team's mailbox say it arrived; the reporter's
// device reads the case's status; disposal takes it with the case.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/audit/verify.ts';
import { disposeDue, tombstones } from '../../src/server/disposal/dispose.ts';
import { followUpsOf } from '../../src/server/follow-ups/follow-ups.ts';
import { openAndAnnounce } from '../../src/server/notify/loop.ts';
import type { NotifyConfig } from '../../src/server/notify/notify-config.ts';
import { listNotifications } from '../../src/server/notify/outbox.ts';
import { registerPages } from '../../src/server/register/register.ts';
import { regulatorDb, regulatorStoreOf } from '../../src/server/regulator/regulator-store.ts';
import { caseStoreOf, type CaseStore } from '../../src/server/storage/case-store.ts';
import type { ReportStore } from '../../src/server/storage/report-store.ts';
import { formatReference, generateReference } from '../../src/shared/reference.ts';
import { validateReport, type BreachAnswers, type DataBreachReport, type Report } from '../../src/shared/report.ts';
import { buildBreachReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';

const config: NotifyConfig = { smtpUrl: undefined, from: 'incidents@example.org', teamMailbox: 'team@example.org', dpoMailbox: 'dpo@example.org', publicUrl: 'https://incidents.example.org', intervalMs: 5000 };
const manager = { id: 'manager-1', name: 'Morgan Manager' };
const v1 = JSON.parse(readFileSync(new URL('../fixtures/v1-outbox-record.json', import.meta.url), 'utf8')).record.body.report as Record<string, any>;

/** A follow-up as a reporter sends it: valid by the shared schema, with `breach` answers over a full follow-up's. */
function followUpOf(breach: Partial<BreachAnswers>): DataBreachReport {
  const report = buildBreachReport({
    breach: {
      ...buildBreachReport().breach!,
      reportType: 'follow-up',
      icoCaseReference: 'IC-99999-ZZZZ',
      measuresBefore: 'Checks on every outgoing email with an attachment.',
      recurrenceSteps: [
        { step: 'Turn on delayed sending for the team', completeBy: { day: '1', month: '12', year: '2025' } },
        { step: 'Refresher training', completeBy: { day: '31', month: '1', year: '2026' } },
      ],
      ...breach,
    },
  });
  const checked = validateReport(report);
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.report as DataBreachReport;
}

describe.each(STORE_KINDS)('follow-up reports on %s', (kind) => {
  let test: TestStore;
  let store: ReportStore;
  let cases: CaseStore;

  beforeAll(async () => {
    test = await createTestStore(kind);
    store = await openStoreAt(test.location);
    cases = caseStoreOf(store);
  });
  afterAll(async () => {
    await store?.close();
    await test?.remove();
  });

  const arrive = async (...reports: Report[]) => {
    for (const r of reports) expect((await store.saveReport(r)).outcome).toBe('created');
    return openAndAnnounce(cases, config);
  };
  const queueIds = async (filters = {}) => (await cases.queue({ includeClosed: true, ...filters }, null, 100)).rows.map((r) => r.id);
  const deviceStatus = async (id: string) => (await store.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  it("joins the case named by the initial report's reference: one case, on its timeline and in the audit trail, the team told, the device reads the case's status", async () => {
    const initial = buildBreachReport();
    expect(await arrive(initial)).toBe(1);
    // Typed as people do: lower case, with the hyphen.
    const followUp = followUpOf({ initialReference: formatReference(initial.reference).toLowerCase() });
    expect(await arrive(followUp)).toBe(0);

    expect(await store.findReport(followUp.id)).toMatchObject({ reference: followUp.reference });
    expect(await cases.findCase(followUp.id)).toBeUndefined();
    const all = await queueIds();
    expect(all).toContain(initial.id);
    expect(all).not.toContain(followUp.id);
    expect(await queueIds({ reference: formatReference(followUp.reference) })).toEqual([initial.id]);

    const detail = (await cases.readCase(initial.id, manager))!;
    expect(detail.timeline.find((t) => t.action === 'follow-up-received')).toMatchObject({
      actorName: 'Report intake',
      field: followUp.id,
      newValue: { reference: followUp.reference, matchedBy: 'reference', matchedOn: initial.reference },
    });
    const [joined, ...more] = await followUpsOf(cases.db, initial.id);
    expect(more).toEqual([]);
    expect(joined).toMatchObject({ id: followUp.id, reference: followUp.reference, matchedBy: 'reference', schemaVersion: 2 });
    expect((joined!.report as unknown as DataBreachReport).breach!.recurrenceSteps).toHaveLength(2);

    const mail = (await listNotifications(cases.db)).filter((n) => n.dedupeKey === `follow-up:${followUp.id}`);
    expect(mail).toHaveLength(1);
    expect(mail[0]).toMatchObject({ recipient: 'team@example.org', subject: `Follow-up report ${formatReference(followUp.reference)} added to case ${formatReference(initial.reference)}` });
    expect(mail[0]!.body).toContain(`https://incidents.example.org/console/cases/${initial.id}`);
    expect(mail[0]!.body).not.toContain('delayed sending');

    expect(await deviceStatus(followUp.id)).toBe('received');
    let v = (await cases.change(initial.id, manager, { type: 'triage', version: detail.version, severity: 'medium', personalData: 'yes' })).after.version;
    v = (await cases.change(initial.id, manager, { type: 'status', version: v, status: 'triaged' })).after.version;
    expect(await deviceStatus(followUp.id)).toBe('being-handled');
    expect(await verifyAuditChain(cases.db)).toMatchObject({ ok: true });
    // A second pass changes nothing.
    expect(await openAndAnnounce(cases, config)).toBe(0);
    expect(await followUpsOf(cases.db, initial.id)).toHaveLength(1);
  });

  it("joins by the regulator's case reference recorded on the case's acknowledgement", async () => {
    const initial = buildBreachReport();
    await arrive(initial);
    const regulator = regulatorStoreOf(store);
    await regulator.recordDecision(initial.id, { outcome: 'meets-threshold', decidedBy: 'Amie Alekna', decidedAt: new Date().toISOString(), delayReason: 'Found late' });
    await regulator.recordSubmission(initial.id, { reportType: 'initial', sentAt: new Date().toISOString(), sentBy: 'Data Compliance' });
    const ico = `IC-${Math.floor(10000 + Math.random() * 89999)}-${generateReference().slice(0, 4)}`;
    await regulator.recordResponse(initial.id, { kind: 'acknowledgement', receivedAt: new Date().toISOString(), icoReference: ico, recordedBy: 'Data Compliance' });
    const followUp = followUpOf({ icoCaseReference: ico.toLowerCase() });
    expect(await arrive(followUp)).toBe(0);
    expect(await followUpsOf(cases.db, initial.id)).toMatchObject([{ id: followUp.id, matchedBy: 'ico-reference', matchedOn: ico }]);
  });

  it('joins when the follow-up arrives with its initial report, and a follow-up of the follow-up joins the same case', async () => {
    const initial = buildBreachReport();
    const first = followUpOf({ initialReference: initial.reference });
    const second = followUpOf({ initialReference: formatReference(first.reference) });
    expect(await arrive(initial, first, second)).toBe(1);
    expect((await followUpsOf(cases.db, initial.id)).map((f) => f.id).sort()).toEqual([first.id, second.id].sort());
    const ids = await queueIds();
    expect(ids).toContain(initial.id);
    expect(ids).not.toContain(first.id);
    expect(ids).not.toContain(second.id);
  });

  it("joins a version-1 follow-up by the reference written in its own words", async () => {
    const initial = buildBreachReport();
    await arrive(initial);
    const old: Record<string, any> = { ...structuredClone(v1), id: randomUUID(), reference: generateReference() };
    old.breach.earlierReference = `our ref ${formatReference(initial.reference)}`;
    const checked = validateReport(old);
    if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
    expect(await arrive(checked.report)).toBe(0);
    expect(await followUpsOf(cases.db, initial.id)).toMatchObject([{ id: old.id, matchedBy: 'reference', schemaVersion: 1 }]);
  });

  it('a reference that names no case opens a case of its own, with a note on its timeline saying which references matched nothing', async () => {
    const followUp = followUpOf({ initialReference: generateReference(), icoCaseReference: 'IC-10000-NONE' });
    expect(await arrive(followUp)).toBe(1);
    expect(await queueIds()).toContain(followUp.id);
    const detail = (await cases.readCase(followUp.id, manager))!;
    expect(detail.timeline.find((t) => t.action === 'follow-up-unmatched')).toMatchObject({
      actorName: 'Report intake',
      newValue: { initialReference: followUp.breach!.initialReference, icoCaseReference: 'IC-10000-NONE' },
    });
    expect(await followUpsOf(cases.db, followUp.id)).toEqual([]);
  });

  it('the register counts the case once, and disposal of the case takes its follow-up, leaving a tombstone for each', async () => {
    const initial = buildBreachReport();
    const followUp = followUpOf({ initialReference: initial.reference });
    await arrive(initial, followUp);
    const db = regulatorDb(store);
    const register: string[] = [];
    for await (const page of registerPages(db)) register.push(...page.map((e) => e.reference));
    expect(register).toContain(initial.reference);
    expect(register).not.toContain(followUp.reference);

    let v = (await cases.change(initial.id, manager, { type: 'triage', version: 1, severity: 'low', personalData: 'yes' })).after.version;
    v = (await cases.change(initial.id, manager, { type: 'status', version: v, status: 'closed' })).after.version;
    expect(await deviceStatus(followUp.id)).toBe('closed');
    await cases.db.updateTable('cases').set({ closed_at: '2020-01-01T00:00:00.000Z' }).where('report_id', '=', initial.id).execute();
    const run = await disposeDue(db, store.dialect, { retentionYears: 2, now: new Date() });
    expect(run.cases.map((c) => c.reportId)).toContain(initial.id);
    expect(await store.findReport(followUp.id)).toBeUndefined();
    expect(await store.findReport(initial.id)).toBeUndefined();
    expect((await tombstones(db)).map((t) => t.reference)).toEqual(expect.arrayContaining([initial.reference, followUp.reference]));
    expect(await verifyAuditChain(cases.db)).toMatchObject({ ok: true });
  });
});
