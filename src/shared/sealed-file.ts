// A file of sealed outbox records, for a device that will never be online: the reporter saves it ("Save sealed
// reports to a file") and someone carries it to the endpoint, which imports it (`npm run import -- FILE`). It
// holds what the outbox already holds: each record's JWE, sealed to the endpoint on the device, and the few
// facts the start page lists in clear. Nothing else; a record the endpoint cannot open is refused.
import * as z from 'zod/mini';
import { REFERENCE_PATTERN } from './reference.ts';
import { sealedReportSchema } from './sealing.ts';

export const SEALED_FILE_FORMAT = 'report-a-security-incident/sealed-outbox';
export const SEALED_FILE_VERSION = 1;
/** Records per file: far more than a device queues; the importer refuses more before opening any. */
export const MAX_SEALED_FILE_RECORDS = 1000;

/**
 * One outbox record as exported. `type` says which intake opens it: 'report' (POST /api/reports) is the only
 * one this version imports; the device exports any sealed record it would send, so that a newer kind of
 * record reaches a newer endpoint in the same file. Fields other than `type`, `id` and `jwe` are for people.
 */
export const sealedFileRecordSchema = z.strictObject({
  type: z.string().check(z.regex(/^[a-z][a-z-]{0,39}$/)),
  id: z.uuid(),
  jwe: sealedReportSchema.shape.jwe,
  reference: z.optional(z.string().check(z.regex(REFERENCE_PATTERN))),
  kind: z.optional(z.string().check(z.maxLength(40))),
  createdAt: z.optional(z.iso.datetime({ offset: true })),
  submittedAt: z.optional(z.iso.datetime({ offset: true })),
  regulatorDeadline: z.optional(z.iso.datetime({ offset: true })),
});
export type SealedFileRecord = z.infer<typeof sealedFileRecordSchema>;

export const sealedFileSchema = z.strictObject({
  format: z.literal(SEALED_FILE_FORMAT),
  version: z.literal(SEALED_FILE_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  records: z.array(sealedFileRecordSchema).check(z.maxLength(MAX_SEALED_FILE_RECORDS)),
});
export type SealedFile = z.infer<typeof sealedFileSchema>;

/** What importing gives for each report in the file (`npm run import`, the console's import page). */
export interface ImportedReport {
  id: string;
  /** The incident team's reference, from the receipt (the device's own, unless it clashed with another report's). */
  reference: string;
  kind: string;
  receivedAt: string;
  /** 'created': stored by this import; 'replayed': already received (sent from the device, or imported before). */
  outcome: 'created' | 'replayed';
}

/** The file's name on the device: the local date it was saved. */
export function sealedFileName(now: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `sealed-reports-${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}.json`;
}
