// The intake API and its storage, against both stores: the embedded SQLite and PostgreSQL. Real HTTP on
// loopback, real databases, no mocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateReference } from '../../src/shared/reference.ts';
import { validateReport } from '../../src/shared/report.ts';
import { errorBodySchema, receiptSchema, reportStatusUrl, statusResponseSchema } from '../../src/shared/wire.ts';
import { buildBreachReport, buildLargeReport, buildReport } from '../support/fixtures.ts';
import {
  STORE_KINDS,
  createTestStore,
  getReportStatus,
  listStoredReports,
  openStoreAt,
  postReport,
  postReports,
  startInProcessEndpoint,
  type InProcessEndpoint,
  type TestStore,
} from '../support/server.ts';
import { testUser } from '../support/sign-in.ts';

function expectErrorBody(body: unknown, error: string) {
  expect(errorBodySchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
  expect((body as { error: string }).error).toBe(error);
}

describe.each(STORE_KINDS)('reports API on %s', (kind) => {
  let store: TestStore;
  let endpoint: InProcessEndpoint;
  const reporter = testUser();
  /** The reporter's session. */
  let cookie: string;

  beforeAll(async () => {
    store = await createTestStore(kind);
    endpoint = await startInProcessEndpoint({ store });
    cookie = await endpoint.session(reporter);
  });
  afterAll(async () => {
    await endpoint?.close();
    await store?.remove();
  });

  it('answers /healthz once the store answers', async () => {
    const response = await fetch(`${endpoint.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: kind });
  });

  it('stores a new report and answers 201 with a receipt', async () => {
    const report = buildReport();
    const before = Date.now();
    const { status, body, headers } = await postReport(endpoint.url, report, { cookie });
    expect(status).toBe(201);
    expect(receiptSchema.parse(body)).toEqual({ id: report.id, reference: report.reference, receivedAt: body.receivedAt });
    expect(Date.parse(body.receivedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(headers.get('location')).toBe(reportStatusUrl(report.id));
    expect(headers.get('cache-control')).toBe('no-store');
  });

  it('stores a breach report with its answers', async () => {
    const report = buildBreachReport();
    const { status, body } = await postReport(endpoint.url, report, { cookie });
    expect(status).toBe(201);
    expect(body.reference).toBe(report.reference);
  });

  it('answers a replay of the same report with 200 and the original receipt', async () => {
    const report = buildReport();
    const first = await postReport(endpoint.url, report, { cookie });
    expect(first.status).toBe(201);
    await new Promise((r) => setTimeout(r, 20));
    // Same content, keys in another order: the same report.
    const reordered = Object.fromEntries(Object.entries(report).reverse());
    const replay = await postReport(endpoint.url, reordered, { cookie });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
  });

  it('refuses different content under an id already used, with 409, and keeps the first', async () => {
    const report = buildReport();
    const first = await postReport(endpoint.url, report, { cookie });
    expect(first.status).toBe(201);
    const other = await postReport(endpoint.url, { ...report, whatHappened: 'Something else entirely.' }, { cookie });
    expect(other.status).toBe(409);
    expectErrorBody(other.body, 'conflict');
    const replay = await postReport(endpoint.url, report, { cookie });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
  });

  it('answers 400 with field errors naming the missing answer', async () => {
    const { whatHappened: _omitted, ...incomplete } = buildReport();
    const { status, body } = await postReport(endpoint.url, incomplete, { cookie });
    expect(status).toBe(400);
    expectErrorBody(body, 'invalid_report');
    expect(body.fields).toContainEqual({ path: 'whatHappened', message: 'Describe what happened' });
  });

  it('answers 400 for an unknown field and for a dependent answer left out', async () => {
    const extra = await postReport(endpoint.url, { ...buildReport(), favouriteColour: 'blue' }, { cookie });
    expect(extra.status).toBe(400);
    expect(extra.body.fields.map((f: { path: string }) => f.path)).toContain('favouriteColour');
    const { breach: _omitted, ...noBreach } = buildBreachReport();
    const dependent = await postReport(endpoint.url, noBreach, { cookie });
    expect(dependent.status).toBe(400);
    expect(dependent.body.fields.map((f: { path: string }) => f.path)).toContain('breach.reportType');
  });

  it('answers 400 for a body that is not JSON, without echoing it', async () => {
    const { status, body } = await postReport(endpoint.url, '{"whatHappened": "secret details", ', { cookie });
    expect(status).toBe(400);
    expectErrorBody(body, 'invalid_json');
    expect(JSON.stringify(body)).not.toContain('secret');
  });

  it('answers 415 for a body that is not JSON by its type, and for no body', async () => {
    const text = await postReport(endpoint.url, JSON.stringify(buildReport()), { cookie, headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expectErrorBody(text.body, 'unsupported_media_type');
    const empty = await fetch(`${endpoint.url}/api/reports`, { method: 'POST', headers: { cookie } });
    expect(empty.status).toBe(415);
    expectErrorBody(await empty.json(), 'unsupported_media_type');
  });

  it('answers 413 for a body over the limit', async () => {
    const huge = { ...buildReport(), whatHappened: 'x'.repeat(300 * 1024) };
    const { status, body } = await postReport(endpoint.url, huge, { cookie });
    expect(status).toBe(413);
    expectErrorBody(body, 'body_too_large');
    // A report as long as the answers allow still fits.
    const large = buildLargeReport(6000);
    expect((await postReport(endpoint.url, large, { cookie })).status).toBe(201);
  });

  it('gives a new reference when another report already has the device reference, and keeps the first one', async () => {
    const first = buildReport();
    const second = buildReport({ reference: first.reference });
    expect((await postReport(endpoint.url, first, { cookie })).body.reference).toBe(first.reference);
    const { status, body } = await postReport(endpoint.url, second, { cookie });
    expect(status).toBe(201);
    expect(receiptSchema.parse(body).reference).not.toBe(first.reference);
    // A replay of the second keeps its new reference, even though its own body still carries the old one.
    const replay = await postReport(endpoint.url, second, { cookie });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(body);
    expect((await getReportStatus(endpoint.url, first.id, { cookie })).body.reference).toBe(first.reference);
    expect((await getReportStatus(endpoint.url, second.id, { cookie })).body.reference).toBe(body.reference);
  });

  it('takes a batch: each report gets the answer it would get alone, in order, and one refused holds up none of the others', async () => {
    const stored = buildReport();
    const first = await postReport(endpoint.url, stored, { cookie });
    const fresh = buildReport();
    const changed = buildReport();
    await postReport(endpoint.url, changed, { cookie });
    const incomplete = { ...buildReport(), whatHappened: undefined };
    const batch = [fresh, stored, { ...changed, whatHappened: 'Another account.' }, incomplete, { format: 'jwe', id: fresh.id, jwe: 'a.b.c.d.e' }];
    const { status, body, headers } = await postReports(endpoint.url, batch, { cookie });
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    const results = (body as { results: Record<string, unknown>[] }).results;
    expect(results.map((r) => [r.id, r.status])).toEqual([[fresh.id, 201], [stored.id, 200], [changed.id, 409], [incomplete.id, 400], [fresh.id, 400]]);
    expect(receiptSchema.parse(results[0]!.receipt)).toMatchObject({ id: fresh.id, reference: fresh.reference });
    expect(results[1]!.receipt).toEqual(first.body);
    expect(results[2]).toMatchObject({ error: 'conflict' });
    expect(results[3]).toMatchObject({ error: 'invalid_report', fields: [{ path: 'whatHappened' }] });
    expect(results[4]).toMatchObject({ error: 'unsealable' });
    const rows = await listStoredReports(store.location);
    for (const report of [fresh, stored, changed]) expect(rows.filter((r) => r.id === report.id)).toHaveLength(1);
    expect(rows.some((r) => r.id === incomplete.id)).toBe(false);
  });

  it('refuses a batch as a whole when it is not one: no reports, too many, or no session', async () => {
    for (const reports of [[], Array.from({ length: 21 }, () => buildReport())]) {
      const { status, body } = await postReports(endpoint.url, reports, { cookie });
      expect(status).toBe(400);
      expectErrorBody(body, 'invalid_batch');
    }
    const anonymous = await postReports(endpoint.url, [buildReport()]);
    expect(anonymous.status).toBe(401);
  });

  it('answers the status of a report, 404 for an unknown id and 400 for an id that is not a UUID', async () => {
    const report = buildReport();
    await postReport(endpoint.url, report, { cookie });
    const found = await getReportStatus(endpoint.url, report.id, { cookie });
    expect(found.status).toBe(200);
    expect(statusResponseSchema.parse(found.body)).toEqual({ id: report.id, reference: report.reference, status: 'received' });
    const unknown = await getReportStatus(endpoint.url, crypto.randomUUID(), { cookie });
    expect(unknown.status).toBe(404);
    expectErrorBody(unknown.body, 'not_found');
    const bad = await getReportStatus(endpoint.url, 'not-a-uuid', { cookie });
    expect(bad.status).toBe(400);
    expectErrorBody(bad.body, 'invalid_id');
  });

  it('refuses an upper-case id rather than storing it under another spelling (a device would retry for ever)', async () => {
    const report = buildReport();
    const upper = await postReport(endpoint.url, { ...report, id: report.id.toUpperCase() }, { cookie });
    expect(upper.status).toBe(400);
    expect(upper.body.fields).toContainEqual({ path: 'id', message: 'The report id must be a random (version 4) UUID in lower case' });
    expect(await listStoredReports(store.location)).not.toContainEqual(expect.objectContaining({ id: report.id }));
  });

  it('answers 404 with an error body for an unknown API route', async () => {
    const response = await fetch(`${endpoint.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expectErrorBody(await response.json(), 'not_found');
  });

  it('keeps one row when the same report arrives many times at once', async () => {
    const report = buildReport();
    const answers = await Promise.all(Array.from({ length: 24 }, () => postReport(endpoint.url, report, { cookie })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(23);
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    const rows = (await listStoredReports(store.location)).filter((r) => r.id === report.id);
    expect(rows).toHaveLength(1);
  });

  it('gives unique references when many reports with one device reference arrive at once', async () => {
    const reference = generateReference();
    const reports = Array.from({ length: 16 }, () => buildReport({ reference }));
    const answers = await Promise.all(reports.map((r) => postReport(endpoint.url, r, { cookie })));
    expect(answers.map((a) => a.status)).toEqual(reports.map(() => 201));
    const references = answers.map((a) => a.body.reference);
    expect(new Set(references).size).toBe(16);
    expect(references.filter((r) => r === reference)).toHaveLength(1);
  });

  it('stores the validated report, its hash and the triage columns', async () => {
    const report = buildBreachReport({ whatHappened: '  Sent to the wrong solicitor.  ' });
    const { body: receipt } = await postReport(endpoint.url, report, { cookie });
    const direct = await openStoreAt(store.location);
    try {
      const stored = await direct.findReport(report.id);
      expect(stored).toMatchObject({ id: report.id, reference: report.reference, kind: 'data-breach', schemaVersion: 2, status: 'received', personalData: 'yes', occurrence: 'incident', submittedBy: reporter.id });
      expect(stored!.receivedAt).toBe(receipt.receivedAt);
      expect(stored!.contentHash).toMatch(/^[0-9a-f]{64}$/);
      // What was validated (answers trimmed) is what is kept.
      const validated = validateReport(report);
      expect(validated.ok && stored!.report).toEqual(validated.ok && validated.report);
      // Discovered 10 Nov 2025 15:02 in London (GMT): the regulator's deadline is 72 hours later.
      expect(stored!.discoveredAt).toBe('2025-11-10T15:02:00.000Z');
      expect(stored!.regulatorDeadline).toBe('2025-11-13T15:02:00.000Z');
    } finally {
      await direct.close();
    }
  });

  it('runs migrations once: a restart on the same store keeps the rows and applies nothing new', async () => {
    const report = buildReport();
    await postReport(endpoint.url, report, { cookie });
    const first = await openStoreAt(store.location);
    const applied = await first.appliedMigrations();
    const count = await first.countReports();
    await first.close();
    const again = await startInProcessEndpoint({ store });
    try {
      const second = await openStoreAt(store.location);
      expect(await second.appliedMigrations()).toEqual(applied);
      expect(await second.countReports()).toBe(count);
      await second.close();
      const replay = await postReport(again.url, report, { cookie });
      expect(replay.status).toBe(200);
    } finally {
      await again.close({ keepStore: true });
    }
    expect(applied[0]).toBe('0001_create_reports');
  });
});

describe.each(STORE_KINDS)('two endpoints on one %s store', (kind) => {
  it('store the same report once when both receive it at the same moment', async () => {
    const store = await createTestStore(kind);
    const a = await startInProcessEndpoint({ store });
    const b = await startInProcessEndpoint({ store });
    // A session made through one endpoint is good at the other: they share the store.
    const cookie = await a.session();
    try {
      const reports = Array.from({ length: 20 }, () => buildReport());
      const answers = await Promise.all(reports.flatMap((r) => [postReport(a.url, r, { cookie }), postReport(b.url, r, { cookie })]));
      for (let i = 0; i < reports.length; i++) {
        const [x, y] = [answers[2 * i]!, answers[2 * i + 1]!];
        expect([x.status, y.status].sort()).toEqual([200, 201]);
        expect(x.body).toEqual(y.body);
      }
      const rows = await listStoredReports(store.location);
      expect(rows).toHaveLength(20);
    } finally {
      await a.close({ keepStore: true });
      await b.close({ keepStore: true });
      await store.remove();
    }
  });
});
