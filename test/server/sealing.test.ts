// Sealed reports end to end: the endpoint publishes its keys, opens what devices seal to them (also to a key
// it has since rotated away from), refuses what it cannot open or whose id does not match, and an outbox left
// in clear by the previous build is sealed on this build's first open and sent once.
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase, type OutboxRecord, type PlainBody } from '../../src/db/database.ts';
import { sealPlainOutbox } from '../../src/db/seal-outbox.ts';
import { addSealingKey } from '../../src/server/sealing/key-ring.ts';
import { JWKS_PATH, type SealingJwks } from '../../src/shared/sealing.ts';
import { flushOutbox } from '../../src/sync/flush.ts';
import { sealReport } from '../../src/sync/seal.ts';
import { buildReport } from '../support/fixtures.ts';
import { endpointJwks, plainOutboxRecord } from '../support/outbox-records.ts';
import { fetchWithCookie } from '../support/sign-in.ts';
import { createTestStore, listStoredReports, postReport, startInProcessEndpoint, type InProcessEndpoint, type TestStore } from '../support/server.ts';

const v1 = JSON.parse(readFileSync(new URL('../fixtures/v1-outbox-record.json', import.meta.url), 'utf8')) as { record: OutboxRecord & { body: PlainBody } };

let store: TestStore;
let endpoint: InProcessEndpoint;
let jwks: SealingJwks;
/** A signed-in reporter's Cookie header (sending needs a session; reading the keys does not). */
let cookie: string;
beforeAll(async () => {
  store = await createTestStore('sqlite');
  endpoint = await startInProcessEndpoint({ store });
  jwks = await endpointJwks(endpoint.url);
  cookie = await endpoint.session();
});
afterAll(async () => {
  await endpoint?.close({ keepStore: true });
  await store?.remove();
});

const keyDir = () => path.join(store.config.dataDir, 'sealing-keys');

describe('the endpoint’s keys', () => {
  it('are published as a JWKS (public keys only) and kept as 0600 files in a 0700 folder', async () => {
    const response = await fetch(`${endpoint.url}${JWKS_PATH}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/jwk-set\+json/);
    const published = (await response.json()) as { keys: Record<string, unknown>[] };
    expect(published.keys).toHaveLength(1);
    expect(published.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ECDH-ES+A256KW', use: 'enc' });
    expect(published.keys[0]).not.toHaveProperty('d');
    expect(fs.statSync(keyDir()).mode & 0o777).toBe(0o700);
    for (const file of fs.readdirSync(keyDir())) expect(fs.statSync(path.join(keyDir(), file)).mode & 0o777).toBe(0o600);
  });
});

describe('sealed intake', () => {
  it('opens a sealed report, stores it once, and answers a replay with the same receipt', async () => {
    const report = buildReport();
    const sealed = { format: 'jwe', id: report.id, jwe: (await sealReport(report, jwks)).jwe };
    const first = await postReport(endpoint.url, sealed, { cookie });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ id: report.id, reference: report.reference });
    const replay = await postReport(endpoint.url, sealed, { cookie });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect((await listStoredReports(store.location)).filter((r) => r.id === report.id)).toHaveLength(1);
  });

  it('refuses an id in clear that is not the sealed one, a JWE it cannot open, and a malformed wrapper, storing nothing', async () => {
    const report = buildReport();
    const other = buildReport();
    const { jwe } = await sealReport(report, jwks);
    const before = (await listStoredReports(store.location)).length;
    const mismatch = await postReport(endpoint.url, { format: 'jwe', id: other.id, jwe }, { cookie });
    expect(mismatch).toMatchObject({ status: 400, body: { error: 'id_mismatch' } });
    const tampered = await postReport(endpoint.url, { format: 'jwe', id: report.id, jwe: jwe.slice(0, -4) + (jwe.endsWith('AAAA') ? 'BBBB' : 'AAAA') }, { cookie });
    expect(tampered).toMatchObject({ status: 400, body: { error: 'unsealable' } });
    const stranger: SealingJwks = { keys: [{ ...jwks.keys[0]!, kid: 'not-ours' }] };
    const unknownKey = await postReport(endpoint.url, { format: 'jwe', id: report.id, jwe: (await sealReport(report, stranger)).jwe }, { cookie });
    expect(unknownKey).toMatchObject({ status: 400, body: { error: 'unsealable' } });
    expect((unknownKey.body as { message: string }).message).toContain('a key this endpoint does not hold');
    const wrapper = await postReport(endpoint.url, { format: 'jwe', id: report.id }, { cookie });
    expect(wrapper).toMatchObject({ status: 400, body: { error: 'invalid_sealed_report' } });
    expect((await listStoredReports(store.location)).length).toBe(before);
  });

  it('still opens reports sealed to a key it has rotated away from, and publishes the new key first', async () => {
    const report = buildReport();
    const sealedBefore = await sealReport(report, jwks);
    const newKid = await addSealingKey(keyDir(), new Date(Date.now() + 1000));
    await endpoint.close({ keepStore: true });
    endpoint = await startInProcessEndpoint({ store });
    cookie = await endpoint.session();
    const rotated = await endpointJwks(endpoint.url);
    expect(rotated.keys.map((k) => k.kid)).toEqual([newKid, jwks.keys[0]!.kid]);
    expect((await postReport(endpoint.url, { format: 'jwe', id: report.id, jwe: sealedBefore.jwe }, { cookie })).status).toBe(201);
    const after = buildReport();
    expect((await postReport(endpoint.url, { format: 'jwe', id: after.id, jwe: (await sealReport(after, rotated)).jwe }, { cookie })).status).toBe(201);
    jwks = rotated;
  });
});

describe('an outbox written by the build before sealing', () => {
  it('is sealed on open: no clear record left, the answers kept as a hidden draft, and each report sent and stored once', async () => {
    const device = new ReportingDatabase(`seal-upgrade-${Date.now()}`);
    try {
      const waiting = [structuredClone(v1.record), plainOutboxRecord(buildReport({ whatHappened: 'Marker-ALPHA laptop left on a train.' }))];
      const refused = { ...plainOutboxRecord(buildReport({ whatHappened: 'Marker-BRAVO phone stolen.' })), status: 'needs-attention' as const, problem: 'refused', problemStatus: 400 };
      await device.outbox.bulkAdd([...waiting, refused]);

      // Two openers at once (a tab and the worker): each record is replaced once.
      const changed = await Promise.all([sealPlainOutbox({ database: device, baseUrl: endpoint.url }), sealPlainOutbox({ database: device, baseUrl: endpoint.url })]);
      expect(changed[0] + changed[1]).toBe(3);
      const records = await device.outbox.toArray();
      expect(records).toHaveLength(3);
      expect(records.every((r) => r.body === undefined || r.body.format === 'jwe')).toBe(true);
      const outboxText = JSON.stringify(records);
      for (const marker of ['Marker-ALPHA', 'Marker-BRAVO', 'staff training records']) expect(outboxText).not.toContain(marker);
      expect(await device.drafts.count()).toBe(3); // kept, hidden, until each receipt
      expect(await sealPlainOutbox({ database: device, baseUrl: endpoint.url })).toBe(0);

      const result = await flushOutbox({ database: device, baseUrl: endpoint.url, fetch: fetchWithCookie(cookie) });
      expect(result).toMatchObject({ sent: 2, needsAttention: 0 });
      const stored = await listStoredReports(store.location);
      for (const r of waiting) expect(stored.filter((s) => s.id === r.id)).toHaveLength(1);
      expect(stored.filter((s) => s.id === refused.id)).toHaveLength(0);
      // The receipts took their drafts with them; the refused one keeps its draft for a correction.
      expect((await device.drafts.toArray()).map((d) => d.id)).toEqual([refused.id]);
      expect((await device.outbox.get(v1.record.id))?.receipt?.reference).toBe(v1.record.reference);
    } finally {
      await device.delete();
    }
  });
});
