// `npm run import -- FILE` (the built CLI) on SQLite and PostgreSQL: a file saved by the device's own exporter
// (over fake-indexeddb) is imported exactly once through the endpoint's intake; a second import stores nothing
// new and prints the same receipts; a bad file, or one bad report in a good file, changes nothing.
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReportingDatabase } from '../../src/db/database.ts';
import { sealedFileOf } from '../../src/db/sealed-export.ts';
import { addSealingKey, publicJwks } from '../../src/server/sealing/key-ring.ts';
import { formatReference } from '../../src/shared/reference.ts';
import type { Report } from '../../src/shared/report.ts';
import type { SealedFile } from '../../src/shared/sealed-file.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { sealReport } from '../../src/sync/seal.ts';
import { buildBreachReport, buildReport } from '../support/fixtures.ts';
import { runImportCli } from '../support/import-cli.ts';
import { sealedOutboxRecords } from '../support/outbox-records.ts';
import { createTempDir, createTestStore, openStoreAt, STORE_KINDS, type TempDir, type TestStore } from '../support/server.ts';

let temp: TempDir;
let keyDir: string;
let jwks: SealingJwks;
beforeAll(async () => {
  temp = await createTempDir('rasi-import-');
  keyDir = path.join(temp.dir, 'keys');
  await addSealingKey(keyDir);
  jwks = publicJwks(keyDir);
});
afterAll(() => temp?.remove());

/** What the device's "Save sealed reports to a file" writes for these reports, queued on a fresh device. */
async function deviceFile(reports: Report[]): Promise<SealedFile> {
  const device = new ReportingDatabase(`import-${randomUUID()}`);
  try {
    await device.outbox.bulkAdd(await sealedOutboxRecords(reports, jwks));
    return await sealedFileOf(new Date(), device);
  } finally {
    await device.delete();
  }
}

let files = 0;
function writeFile(contents: unknown): string {
  const file = path.join(temp.dir, `sealed-reports-${++files}.json`);
  fs.writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return file;
}

async function storedReports(store: TestStore) {
  const opened = await openStoreAt(store.location);
  try {
    return await Promise.all((await opened.listReports()).map(async (r) => ({ ...r, report: (await opened.findReport(r.id))!.report })));
  } finally {
    await opened.close();
  }
}

describe.each(STORE_KINDS)('npm run import on %s', (kind) => {
  let store: TestStore;
  beforeAll(async () => {
    store = await createTestStore(kind);
  });
  afterAll(() => store?.remove());

  it('imports each sealed report exactly once: a second import stores nothing and prints the same receipts', async () => {
    const reports = [buildReport(), buildBreachReport(), buildReport({ lostOrStolen: 'stolen' })];
    const file = writeFile(await deviceFile(reports));

    const first = await runImportCli(file, store.location, keyDir);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    for (const [i, report] of reports.entries()) {
      expect(lines[i]).toContain(formatReference(report.reference));
      expect(lines[i]).toContain(report.kind);
      expect(lines[i]).toContain(`id ${report.id}`);
      expect(lines[i]).toContain('stored now');
    }
    expect(lines[3]).toBe(`${file}: 3 report(s), 3 stored now, 0 already received.`);

    const stored = await storedReports(store);
    expect(stored.map((r) => r.id).sort()).toEqual(reports.map((r) => r.id).sort());
    for (const report of reports) expect(stored.find((r) => r.id === report.id)!.report).toEqual(report);

    const second = await runImportCli(file, store.location, keyDir);
    expect(second.code).toBe(0);
    // The same receipts (reference, time received), each now "already received".
    expect(second.stdout).toBe(first.stdout.replaceAll('stored now  (id', 'already received  (id').replace('3 stored now, 0 already received', '0 stored now, 3 already received'));
    expect(await storedReports(store)).toEqual(stored);
  });

  it('refuses a bad file, and a good file with one bad report in it, storing nothing', async () => {
    const before = await storedReports(store);
    const good = await deviceFile([buildReport(), buildReport()]);
    const stranger: SealingJwks = { keys: [{ ...jwks.keys[0]!, kid: 'another-endpoint' }] };
    const foreign = buildReport();
    const refusals: [string, unknown, string][] = [
      ['not JSON', 'this is not json {', 'The file is not JSON'],
      ['another kind of file', { reports: [] }, 'not a file of sealed reports saved by the app'],
      ['a newer version', { ...good, version: 2 }, 'version 2 of the sealed reports format'],
      ['a damaged record', { ...good, records: [good.records[0], { ...good.records[1], jwe: 42 }] }, 'The file is damaged: records.1.jwe'],
      ['a report sealed to another endpoint', { ...good, records: [...good.records, { ...good.records[0]!, id: foreign.id, reference: foreign.reference, jwe: (await sealReport(foreign, stranger)).jwe }] }, `Report 3 (${formatReference(foreign.reference)}): The report cannot be opened: it was sealed to a key this endpoint does not hold`],
      ['an id in clear that is not the sealed one', { ...good, records: [good.records[0], { ...good.records[1], id: randomUUID() }] }, 'The id outside the sealed report is not the id inside it'],
      ['a record of a kind this endpoint does not import', { ...good, records: [...good.records, { ...good.records[0]!, type: 'message', id: randomUUID() }] }, 'Record 3 ('],
      ['the same report twice', { ...good, records: [good.records[0], good.records[0]] }, 'is in the file twice'],
    ];
    for (const [what, contents, message] of refusals) {
      const run = await runImportCli(writeFile(contents), store.location, keyDir);
      expect(run.code, what).toBe(1);
      expect(run.stdout, what).toBe('');
      expect(run.stderr, what).toContain('Nothing was imported.');
      expect(run.stderr, what).toContain(message);
    }
    // A report whose id is already taken by a different report is refused too, before anything is stored.
    const taken = buildReport({ id: before[0]!.id, reference: before[0]!.reference, whatHappened: 'Something else entirely.' });
    const conflict = await runImportCli(writeFile(await deviceFile([buildReport(), taken])), store.location, keyDir);
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toContain(`Report 2 (${formatReference(taken.reference)}): a different report was already received with this id`);
    const missing = await runImportCli(path.join(temp.dir, 'no-such-file.json'), store.location, keyDir);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toContain('cannot be read');
    expect(await storedReports(store)).toEqual(before);
  });
});
