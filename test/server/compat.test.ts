// Devices not yet updated keep sending what the build before the question catalogue queued (schema version 1),
// sometimes weeks later: the endpoint stores it, the new questions simply unanswered, and cleans the text
// rules that came with version 2 rather than refusing a report the device may no longer be able to correct.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase, type OutboxRecord, type PlainBody } from '../../src/db/database.ts';
import { flushOutbox } from '../../src/sync/flush.ts';
import { STORE_KINDS, openStoreAt, postReport, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { fetchWithCookie } from '../support/sign-in.ts';
import { casefileFollowUp } from '../unit/fixtures/casefile.ts';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/v1-outbox-record.json', import.meta.url), 'utf8')) as { record: OutboxRecord & { body: PlainBody } };

describe.each(STORE_KINDS)('a version-1 report on %s', (store) => {
  let endpoint: InProcessEndpoint;
  /** The reporter signed in on the device. */
  let cookie: string;
  beforeAll(async () => {
    endpoint = await startInProcessEndpoint({ store });
    cookie = await endpoint.session();
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  it('queued by the previous build, is sent by this one and stored once, cleaned, with the new questions unanswered', async () => {
    const device = new ReportingDatabase(`compat-${store}-${Date.now()}`);
    try {
      await device.outbox.add(structuredClone(fixture.record));
      const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: fetchWithCookie(cookie) });
      expect(result).toMatchObject({ sent: 1, needsAttention: 0 });
      expect((await device.outbox.get(fixture.record.id))?.receipt?.reference).toBe('W7X8Y9Z2A3');

      const stored = await openStoreAt(endpoint.store.location);
      try {
        const row = await stored.findReport(fixture.record.id);
        const report = row!.report as any;
        expect(row!.schemaVersion).toBe(1);
        expect(report.whatHappened).toBe('A spreadsheet of staff training records was emailed to the wrong team.');
        expect(report).not.toHaveProperty('actionsSoFar');
        expect(report.breach.earlierReference).toBe('our ref W7X8Y-9Z2A3');
        expect(report.breach).not.toHaveProperty('icoCaseReference');
        expect(report.breach).not.toHaveProperty('measuresBefore');
        // Version 1 allowed "Not yet known" beside a category: kept as sent.
        expect(report.breach.dataCategories).toEqual(['basic-identifiers', 'not-yet-known']);
        expect(row!.regulatorDeadline).toBe('2026-11-01T16:05:00.000Z');
        expect(row!.occurrence).toBe('incident');
      } finally {
        await stored.close();
      }
    } finally {
      await device.delete();
    }
  });

  it('a replay of the same version-1 report gets the original receipt', async () => {
    const report = { ...structuredClone(fixture.record.body!.report), id: crypto.randomUUID(), reference: 'HJKMN23456' };
    const first = await postReport(endpoint.url, report, { cookie });
    const again = await postReport(endpoint.url, report, { cookie });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it('a version-2 follow-up queued with one text and one date for its steps is stored as that one step, and its replay gets the original receipt', async () => {
    const { recurrenceSteps: _steps, ...breach } = casefileFollowUp.breach!;
    const queued = { ...structuredClone(casefileFollowUp), id: crypto.randomUUID(), reference: 'QRSTU23456', breach: { ...breach, recurrenceSteps: 'Review the notification chain.', recurrenceStepsDue: { day: '31', month: '3', year: '2020' } } };
    const first = await postReport(endpoint.url, queued, { cookie });
    expect(first.status).toBe(201);
    expect((await postReport(endpoint.url, queued, { cookie })).body).toEqual(first.body);
    const stored = await openStoreAt(endpoint.store.location);
    try {
      const report = (await stored.findReport(queued.id))!.report as any;
      expect(report.breach.recurrenceSteps).toEqual([{ step: 'Review the notification chain.', completeBy: { day: '31', month: '3', year: '2020' } }]);
      expect(report.breach).not.toHaveProperty('recurrenceStepsDue');
    } finally {
      await stored.close();
    }
  });

  it('a version-2 report with the same faults is refused with clear messages', async () => {
    const report = { ...structuredClone(fixture.record.body!.report), schemaVersion: 2, id: crypto.randomUUID(), reference: 'PQRST23456' };
    const answer = await postReport(endpoint.url, report, { cookie });
    expect(answer.status).toBe(400);
    const byPath = Object.fromEntries((answer.body.fields as { path: string; message: string }[]).map((e) => [e.path, e.message]));
    expect(byPath.whatHappened).toMatch(/control characters/);
    expect(byPath['breach.icoCaseReference']).toMatch(/ICO case reference/);
    expect(byPath['breach.dataCategories']).toMatch(/on its own/);
    expect(byPath['breach.earlierReference']).toMatch(/does not apply/);
  });
});

describe('one rule for the regulator\'s deadline, stored with the report', () => {
  let endpoint: InProcessEndpoint;
  beforeAll(async () => {
    endpoint = await startInProcessEndpoint({ store: 'sqlite' });
  });
  afterAll(async () => {
    await endpoint?.close();
  });

  it.each([
    ['an incident with personal data not known', 'incident', 'not-known', '2026-11-01T16:05:00.000Z'],
    ['a near-miss with personal data', 'near-miss', 'yes', null],
  ])('%s: deadline %s', async (_what, occurrence, personalData, deadline) => {
    const base = structuredClone(fixture.record.body!.report) as any;
    const report = { ...base, id: crypto.randomUUID(), reference: occurrence === 'incident' ? 'ABCDE23457' : 'ABCDE23458', occurrence, personalData };
    if (personalData !== 'yes') delete report.breach;
    expect((await postReport(endpoint.url, report, { cookie: await endpoint.session() })).status).toBe(201);
    const stored = await openStoreAt(endpoint.store.location);
    try {
      const row = await stored.findReport(report.id);
      expect(row).toMatchObject({ occurrence, regulatorDeadline: deadline });
    } finally {
      await stored.close();
    }
  });
});
