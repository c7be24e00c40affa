// The incident team's cases on both stores: opened from reports, the workflow and its refusals, the status
// the reporter's device reads, the queue's order, filters and paging, and the audit trail (tampering found).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/audit/verify.ts';
import { caseStoreOf, type CaseStore } from '../../src/server/storage/case-store.ts';
import type { QueueRow } from '../../src/shared/console-api.ts';
import type { Report } from '../../src/shared/report.ts';
import type { ReportStore } from '../../src/server/storage/report-store.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { STORE_KINDS, createTestStore, openStoreAt, type TestStore } from '../support/server.ts';

const manager = { id: 'manager-1', name: 'Morgan Manager' };
const other = { id: 'manager-2', name: 'Olu Other' };

describe.each(STORE_KINDS)('cases on %s', (kind) => {
  let testStore: TestStore;
  let store: ReportStore;
  let cases: CaseStore;

  beforeAll(async () => {
    testStore = await createTestStore(kind);
    store = await openStoreAt(testStore.location);
    cases = caseStoreOf(store);
  });
  afterAll(async () => {
    await store?.close();
    await testStore?.remove();
  });

  /** What the reporter's device is told (the status route reads this column). */
  const deviceStatus = async (id: string) => (await store.db.selectFrom('reports').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

  async function newCase(report: Report = buildReport()) {
    await store.saveReport(report);
    await cases.openNewCases();
    return (await cases.findCase(report.id))!;
  }

  it('opens one case per report, once, with the report facts the queue needs', async () => {
    const report = buildBreachReport();
    await store.saveReport(report);
    const opened = await cases.openNewCases();
    expect(opened).toContainEqual(expect.objectContaining({ id: report.id, reference: report.reference, personalData: report.personalData }));
    expect(await cases.openNewCases()).toEqual([]);
    const row = await cases.findCase(report.id);
    expect(row).toMatchObject({ reference: report.reference, kind: 'data-breach', status: 'new', severity: null, business_area: report.reporter!.businessArea });
    expect(row!.regulator_deadline).not.toBeNull();
  });

  it('follows the workflow: triage needs severity and a personal-data decision; medium or high needs a closure summary and lessons learnt', async () => {
    const c = await newCase();
    await expect(cases.change(c.report_id, manager, { type: 'status', version: 1, status: 'resolved' })).rejects.toMatchObject({ statusCode: 400, code: 'invalid_transition' });
    await expect(cases.change(c.report_id, manager, { type: 'status', version: 1, status: 'triaged' })).rejects.toMatchObject({ code: 'triage_incomplete' });
    let v = (await cases.change(c.report_id, manager, { type: 'triage', version: 1, severity: 'medium', personalData: 'no' })).after.version;
    v = (await cases.change(c.report_id, manager, { type: 'status', version: v, status: 'triaged' })).after.version;
    expect(await deviceStatus(c.report_id)).toBe('being-handled');
    await expect(cases.change(c.report_id, manager, { type: 'status', version: v - 1, status: 'investigating' })).rejects.toMatchObject({ statusCode: 409 });
    v = (await cases.change(c.report_id, manager, { type: 'escalate', version: v, team: 'mist' })).after.version;
    expect((await cases.findCase(c.report_id))!.status).toBe('escalated');
    await expect(cases.change(c.report_id, manager, { type: 'status', version: v, status: 'closed', closureSummary: 'Laptop recovered' })).rejects.toMatchObject({ code: 'closure_required' });
    expect(await deviceStatus(c.report_id)).toBe('being-handled');
    v = (await cases.change(c.report_id, manager, { type: 'status', version: v, status: 'closed', closureSummary: 'Laptop recovered', lessonsLearnt: 'Lock screens on trains' })).after.version;
    expect(await deviceStatus(c.report_id)).toBe('closed');
    const detail = await cases.readCase(c.report_id, other);
    expect(detail!.allowedStatuses).toEqual(['investigating']);
    expect(detail!.timeline.map((t) => t.field ?? t.action)).toEqual(expect.arrayContaining(['severity', 'status', 'escalated_to', 'closure_summary', 'lessons_learnt']));
  });

  it('a low case closes without a summary; notes, actions and ownership land on the timeline', async () => {
    const c = await newCase();
    await cases.recordStaff({ id: other.id, name: other.name, email: 'olu@example.org', roles: ['incident-manager'] });
    let v = (await cases.change(c.report_id, manager, { type: 'assign', version: 1, ownerId: other.id })).after.version;
    await expect(cases.change(c.report_id, manager, { type: 'assign', version: v, ownerId: 'nobody-known' })).rejects.toMatchObject({ code: 'unknown_owner' });
    v = (await cases.change(c.report_id, manager, { type: 'note', version: v, text: 'Called the reporter' })).after.version;
    v = (await cases.change(c.report_id, manager, { type: 'action', version: v, description: 'Wipe the laptop remotely', ownerName: 'Service desk', dueDate: '2026-12-01' })).after.version;
    const detail = (await cases.readCase(c.report_id, manager))!;
    expect(detail.ownerName).toBe(other.name);
    expect(detail.actions).toMatchObject([{ description: 'Wipe the laptop remotely', ownerName: 'Service desk', dueDate: '2026-12-01', doneAt: null }]);
    v = (await cases.change(c.report_id, manager, { type: 'action-done', version: v, actionId: detail.actions[0]!.id })).after.version;
    v = (await cases.change(c.report_id, manager, { type: 'triage', version: v, severity: 'low', personalData: 'no' })).after.version;
    await cases.change(c.report_id, manager, { type: 'status', version: v, status: 'closed' });
    const closed = (await cases.readCase(c.report_id, manager))!;
    expect(closed.status).toBe('closed');
    expect(closed.actions[0]!.doneAt).not.toBeNull();
    expect(closed.timeline.map((t) => t.action)).toEqual(expect.arrayContaining(['note', 'action-added', 'action-done', 'changed']));
    expect(closed.timeline.find((t) => t.action === 'note')).toMatchObject({ actorName: manager.name, newValue: 'Called the reporter' });
  });

  it('lists open cases most urgent first (deadline, then severity, then age), filters them, finds a reference, and pages without gaps or repeats', async () => {
    const breachA = await newCase(buildBreachReport({ discoveredAt: { day: '1', month: '11', year: '2025', time: '10:00' } }));
    const breachB = await newCase(buildBreachReport({ discoveredAt: { day: '1', month: '11', year: '2025', time: '09:00' } }));
    const highNoDeadline = await newCase();
    await cases.change(highNoDeadline.report_id, manager, { type: 'triage', version: 1, severity: 'high', personalData: 'no' });
    const rows: QueueRow[] = [];
    let after: string | null = null;
    do {
      const page = await cases.queue({}, after, 2);
      rows.push(...page.rows);
      after = page.next;
    } while (after);
    const all = rows.map((r) => r.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.indexOf(breachB.report_id)).toBeLessThan(all.indexOf(breachA.report_id));
    // Every case with a clock comes first; then, with none, the high one before those not yet assessed.
    const firstWithout = rows.findIndex((r) => r.regulatorDeadline === null);
    expect(rows.slice(firstWithout).every((r) => r.regulatorDeadline === null)).toBe(true);
    expect(rows[firstWithout]!.id).toBe(highNoDeadline.report_id);
    expect(rows.slice(firstWithout + 1).map((r) => r.severity)).not.toContain('high');
    const everything = await cases.queue({ includeClosed: true }, null, 100);
    expect(everything.rows.length).toBeGreaterThan(all.length);
    expect((await cases.queue({ severity: 'high' }, null, 100)).rows.map((r) => r.id)).toEqual([highNoDeadline.report_id]);
    expect((await cases.queue({ kind: 'data-breach', personalData: 'yes' }, null, 100)).rows.every((r) => r.kind === 'data-breach')).toBe(true);
    const ref = breachA.reference;
    expect((await cases.queue({ reference: `${ref.slice(0, 5)}-${ref.slice(5).toLowerCase()}` }, null, 100)).rows.map((r) => r.id)).toEqual([breachA.report_id]);
    await expect(cases.queue({}, 'not-a-cursor', 10)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('logs who read a case, and (PostgreSQL) two endpoints appending at once never fork the chain', async () => {
    const c = await newCase();
    await cases.readCase(c.report_id, other);
    const viewed = await cases.db.selectFrom('audit_log').selectAll().where('case_id', '=', c.report_id).where('action', '=', 'viewed').execute();
    expect(viewed.map((r) => r.actor_name)).toEqual([other.name]);
    // A second connection pool over the same database, as a second endpoint process would have. (Two SQLite
    // connections in one thread would wait on each other inside better-sqlite3's synchronous busy wait.)
    if (kind === 'sqlite') return;
    const second = await openStoreAt(testStore.location);
    try {
      const secondCases = caseStoreOf(second);
      await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? cases : secondCases).readCase(c.report_id, i % 2 ? manager : other)));
    } finally {
      await second.close();
    }
    expect(await verifyAuditChain(cases.db)).toMatchObject({ ok: true });
  });

  it('audit verify passes, then names the row altered and the row deleted in SQL', async () => {
    expect(await verifyAuditChain(cases.db)).toMatchObject({ ok: true, problems: [] });
    const { rows } = await verifyAuditChain(cases.db);
    expect(rows).toBeGreaterThan(6);
    await sql`update audit_log set actor_name = 'Someone else' where seq = 3`.execute(cases.db);
    await sql`delete from audit_log where seq = 5`.execute(cases.db);
    const result = await verifyAuditChain(cases.db);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual(['row 3 was altered (its hash does not match its contents)', 'row 5 is missing (deleted)']);
  });
});
