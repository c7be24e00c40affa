// Outbox records built outside the app, as its builds write them: sealed (submitDraft today), or in clear (the
// builds before sealing, for the upgrade tests). No Node built-ins: the drain benchmark runs this in Chromium.
import type { OutboxRecord } from '../../src/db/database.ts';
import { outboxRecordFor } from '../../src/db/outbox.ts';
import type { Report } from '../../src/shared/report.ts';
import type { SealingJwks } from '../../src/shared/sealing.ts';
import { loadJwks, sealReport } from '../../src/sync/seal.ts';

/** A record as a build before sealing wrote it: the report in clear. */
export function plainOutboxRecord(report: Report, submittedAt = new Date()): OutboxRecord {
  return outboxRecordFor(report, { format: 'plain', report }, submittedAt);
}

/** The endpoint's public keys, as a device online would fetch them. */
export function endpointJwks(baseUrl: string): Promise<SealingJwks> {
  return loadJwks({ baseUrl });
}

/** Records as submitDraft writes them, sealed to `jwks`, submitted `stepMs` apart from `firstAt` on. */
export function sealedOutboxRecords(reports: Report[], jwks: SealingJwks, firstAt = Date.now(), stepMs = 1): Promise<OutboxRecord[]> {
  return Promise.all(reports.map(async (report, i) => outboxRecordFor(report, await sealReport(report, jwks), new Date(firstAt + i * stepMs))));
}
