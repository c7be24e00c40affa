// Importing a file of sealed reports saved on a device that is never online (src/shared/sealed-file.ts), through
// the same intake as POST /api/reports (admit.ts): each record opened with the key ring, validated and stored
// once by its id. All or nothing for anything wrong with the file: every record is opened and checked, and
// checked against what the store already holds, before the first is stored; so a bad file changes nothing,
// and importing the same file again stores nothing new and gives the same receipts.
import type { Report } from '../../shared/report.ts';
import { formatReference } from '../../shared/reference.ts';
import { SEALED_FILE_FORMAT, SEALED_FILE_VERSION, sealedFileSchema, type ImportedReport, type SealedFile, type SealedFileRecord } from '../../shared/sealed-file.ts';
import { ApiError } from '../errors.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import { reportRow, type ReportStore } from '../storage/report-store.ts';
import { admitReport, storeAdmitted, type IntakeLog } from './admit.ts';

/** The file cannot be imported; the message says why in words for the person importing it. Nothing was stored. */
export class SealedFileRefused extends Error {
  override readonly name = 'SealedFileRefused';
}

/** The file's text, checked against the format; a SealedFileRefused saying what is wrong otherwise. */
export function parseSealedFile(text: string): SealedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SealedFileRefused('The file is not JSON: it is not a file of sealed reports saved by the app');
  }
  return checkSealedFile(json);
}

/** The file's parsed JSON, checked against the format. */
export function checkSealedFile(json: unknown): SealedFile {
  const format = typeof json === 'object' && json !== null ? (json as { format?: unknown; version?: unknown }) : {};
  if (format.format !== SEALED_FILE_FORMAT) throw new SealedFileRefused('The file is not a file of sealed reports saved by the app');
  if (format.version !== SEALED_FILE_VERSION) {
    throw new SealedFileRefused(`The file is version ${String(format.version)} of the sealed reports format; this endpoint imports version ${SEALED_FILE_VERSION}: update the endpoint`);
  }
  const parsed = sealedFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SealedFileRefused(`The file is damaged: ${issue.path.join('.') || 'its contents'}: ${issue.message}`);
  }
  return parsed.data;
}

const labelOf = (record: SealedFileRecord, index: number) => `${record.type === 'report' ? 'Report' : 'Record'} ${index + 1} (${record.reference ? formatReference(record.reference) : record.id})`;

/** Why the intake refused a record, in one line. */
function refusal(error: ApiError): string {
  const fields = (error.fields ?? []).slice(0, 5).map((f) => (f.path ? `${f.path}: ${f.message}` : f.message));
  return fields.length ? `${error.message} (${fields.join('; ')})` : error.message;
}

/** Opens and checks every record, storing nothing: the reports to store, in the file's order, or a refusal. */
async function admitAll(file: SealedFile, keyRing: KeyRing, store: ReportStore, log: IntakeLog): Promise<Report[]> {
  const seen = new Set<string>();
  const reports: Report[] = [];
  for (const [index, record] of file.records.entries()) {
    const label = labelOf(record, index);
    if (record.type !== 'report') {
      throw new SealedFileRefused(`${label} is a sealed "${record.type}", which this endpoint cannot import yet: update the endpoint, then import the file again`);
    }
    const id = record.id.toLowerCase();
    if (seen.has(id)) throw new SealedFileRefused(`${label} is in the file twice: the file is damaged`);
    seen.add(id);
    let report: Report;
    try {
      report = await admitReport({ format: 'jwe', id: record.id, jwe: record.jwe }, keyRing, log);
    } catch (error) {
      if (error instanceof ApiError) throw new SealedFileRefused(`${label}: ${refusal(error)}`);
      throw error;
    }
    // A different report already stored under this id would be refused at the store (409): found now, before
    // anything is written. The hash is the one the store keeps (its canonical JSON, the id in lower case).
    const stored = await store.findReport(id);
    if (stored && stored.contentHash !== reportRow({ ...report, id }, '', null).content_hash) {
      throw new SealedFileRefused(`${label}: a different report was already received with this id`);
    }
    reports.push(report);
  }
  return reports;
}

/**
 * Imports a parsed file: every record admitted first (or a SealedFileRefused, and nothing stored), then each
 * stored once. The receipts come back in the file's order. Nobody is recorded as its sender: it came in a file.
 */
export async function importSealedFile(file: SealedFile, { keyRing, store, log }: { keyRing: KeyRing; store: ReportStore; log: IntakeLog }): Promise<ImportedReport[]> {
  const reports = await admitAll(file, keyRing, store, log);
  const saved = await Promise.all(reports.map((report) => storeAdmitted(store, report, null)));
  return saved.map(({ outcome, receipt }, index) => ({ ...receipt, kind: reports[index]!.kind, outcome }));
}
