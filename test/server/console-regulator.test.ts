// The regulator's side of a case through the console's API, on both stores: the DPO's decision (and who else
// is refused), refusals that change nothing, each write on the case's timeline and in a chain that verifies,
// the queue putting undecided cases first, the form as a Word document, and the register's CSV and filter.
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/server/audit/verify.ts';
import { caseStoreOf } from '../../src/server/storage/case-store.ts';
import { API_CONSOLE } from '../../src/shared/console-api.ts';
import type { DataBreachReport } from '../../src/shared/report.ts';
import { buildBreachReport } from '../support/fixtures.ts';
import { STORE_KINDS, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { testUser } from '../support/sign-in.ts';

const dpo = testUser({ name: 'Dana DPO', roles: ['reporter', 'dpo'] });
const manager = testUser({ name: 'Morgan Manager', roles: ['reporter', 'incident-manager'] });
const reader = testUser({ name: 'Rae Reader', roles: ['reporter', 'read-only'] });

describe.each(STORE_KINDS)('the regulator in the console on %s', (kind) => {
  let endpoint: InProcessEndpoint;
  const call = async (user: typeof dpo, path: string, body?: unknown) => {
    const response = await fetch(`${endpoint.url}${API_CONSOLE}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { cookie: await endpoint.session(user), origin: endpoint.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return response;
  };
  const json = async (user: typeof dpo, path: string, body?: unknown) => {
    const response = await call(user, path, body);
    return { status: response.status, body: await response.json() };
  };
  async function newBreach(overrides: Partial<DataBreachReport> = {}) {
    const report = buildBreachReport(overrides);
    await endpoint.app.store.saveReport(report);
    await caseStoreOf(endpoint.app.store).openNewCases();
    return report;
  }
  const auditRows = async () => Number((await endpoint.app.store.db.selectFrom('audit_log' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow() as { n: unknown }).n);

  beforeAll(async () => {
    endpoint = await startInProcessEndpoint({ store: kind, config: { organisation: { name: 'Test Department', address: '1 Test Street', dpo: { name: 'Dana DPO', email: 'dpo@example.org', phone: '0100' } } } });
  });
  afterAll(async () => endpoint?.close());

  it('lets only the DPO decide; a refused or invalid decision changes nothing; the decision is on the timeline and the chain verifies', async () => {
    const report = await newBreach();
    const before = await auditRows();
    expect((await json(manager, `/cases/${report.id}/regulator/decision`, { outcome: 'meets-threshold' })).status).toBe(403);
    expect((await json(reader, `/cases/${report.id}/regulator/decision`, { outcome: 'meets-threshold' })).status).toBe(403);
    const noReasons = await json(dpo, `/cases/${report.id}/regulator/decision`, { outcome: 'not-reporting' });
    expect(noReasons.status).toBe(400);
    expect(noReasons.body.fields).toEqual([expect.objectContaining({ path: 'reasons' })]);
    expect((await json(dpo, `/cases/${report.id}/regulator/decision`, { outcome: 'whatever' })).status).toBe(400);
    expect(await auditRows()).toBe(before);
    expect((await json(reader, `/cases/${report.id}/regulator`)).body.decision).toBeNull();

    const decided = await json(dpo, `/cases/${report.id}/regulator/decision`, { outcome: 'unclear', delayReason: 'Waited for the processor', decidedBy: 'Someone Else' });
    expect(decided.status).toBe(201);
    // Who decided is the person signed in, whatever the page sent.
    expect(decided.body).toMatchObject({ outcome: 'unclear', decidedBy: 'Dana DPO' });
    const record = (await json(reader, `/cases/${report.id}/regulator`)).body;
    expect(record.decision).toMatchObject({ outcome: 'unclear', decidedBy: 'Dana DPO', delayReason: 'Waited for the processor' });

    const sent = await json(manager, `/cases/${report.id}/regulator/submission`, { reportType: 'initial', sentAt: '2025-11-12T10:00:00Z' });
    expect(sent.status).toBe(201);
    const badReference = await json(manager, `/cases/${report.id}/regulator/response`, { kind: 'acknowledgement', receivedAt: '2025-11-12T11:00:00Z', icoReference: 'not a reference' });
    expect(badReference.status).toBe(400);
    expect((await json(manager, `/cases/${report.id}/regulator/response`, { kind: 'acknowledgement', receivedAt: '2025-11-12T11:00:00Z', icoReference: 'IC-12345-A1B2' })).status).toBe(201);
    expect((await json(dpo, `/cases/${report.id}/regulator/told`, { audience: 'data-subjects', toldAt: '2025-11-13T09:00:00Z', method: 'Letter to each person' })).status).toBe(201);

    const detail = (await json(reader, `/cases/${report.id}`)).body;
    expect(detail.timeline.map((t: { action: string; actorName: string }) => `${t.action} by ${t.actorName}`)).toEqual([
      'regulator-decision by Dana DPO',
      'regulator-form-sent by Morgan Manager',
      'regulator-response by Morgan Manager',
      'people-told by Dana DPO',
    ]);
    expect((await json(reader, `/cases/${report.id}/regulator`)).body).toMatchObject({ icoReference: 'IC-12345-A1B2', submissions: [{ reportType: 'initial', sentBy: 'Morgan Manager' }], told: [{ method: 'Letter to each person' }] });
    expect(await verifyAuditChain(caseStoreOf(endpoint.app.store).db)).toMatchObject({ ok: true });
  });

  it('puts cases with no decision first in the queue; a decided case moves after them', async () => {
    const early = await newBreach({ discoveredAt: { day: '1', month: '3', year: '2024', time: '09:00' }, happenedAt: { day: '1', month: '3', year: '2024', time: '08:00' } });
    const later = await newBreach({ discoveredAt: { day: '2', month: '3', year: '2024', time: '09:00' }, happenedAt: { day: '2', month: '3', year: '2024', time: '08:00' } });
    const order = async () => ((await json(reader, '/cases?limit=100')).body.rows as { id: string }[]).map((r) => r.id).filter((id) => id === early.id || id === later.id);
    expect(await order()).toEqual([early.id, later.id]);
    expect((await json(dpo, `/cases/${early.id}/regulator/decision`, { outcome: 'meets-threshold', delayReason: 'Found late' })).status).toBe(201);
    expect(await order()).toEqual([later.id, early.id]);
  });

  it('gives the form as a Word document with the decision ticked, and refuses an unknown form type', async () => {
    const report = await newBreach();
    await json(dpo, `/cases/${report.id}/regulator/decision`, { outcome: 'below-threshold-aware', delayReason: 'Late' });
    const response = await call(reader, `/cases/${report.id}/regulator/form.docx?type=initial`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('wordprocessingml');
    const xml = strFromU8(unzipSync(new Uint8Array(await response.arrayBuffer()))['word/document.xml']!);
    expect(xml).toContain('☒ I do not consider the incident meets the threshold to report, however I want you to be aware');
    expect(xml).toContain('☐ I consider the incident meets the threshold to report');
    expect(xml).toContain(report.whatHappened);
    expect((await call(reader, `/cases/${report.id}/regulator/form.docx?type=other`)).status).toBe(400);
  });

  it('exports the register as CSV, filtered by discovery date, with formulas defused', async () => {
    const inside = await newBreach({ whatHappened: '=HYPERLINK("http://x")', discoveredAt: { day: '5', month: '6', year: '2023', time: '10:00' } });
    const outside = await newBreach({ discoveredAt: { day: '5', month: '6', year: '2022', time: '10:00' } });
    const csv = await (await call(reader, '/register.csv?from=2023-06-05&to=2023-06-05')).text();
    expect(csv).toContain(inside.reference);
    expect(csv).not.toContain(outside.reference);
    expect(csv).toContain(`'=HYPERLINK`);
    const page = (await json(reader, '/register?from=2023-06-05&to=2023-06-05')).body;
    expect(page.entries.map((e: { reference: string }) => e.reference)).toEqual([inside.reference]);
    expect((await json(reader, '/register?from=2023-06-06&to=2023-06-05')).status).toBe(400);
    expect((await json(reader, '/register?from=yesterday')).status).toBe(400);
    const ret = (await json(reader, '/return')).body;
    expect(ret.chartSvg).toMatch(/^<svg/);
    expect(ret.rows.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBeGreaterThanOrEqual(6);
  });
});
