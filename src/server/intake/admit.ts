// The intake of one report, whatever brought it: POST /api/reports, or a file of sealed reports carried from a
// device that is never online (src/server/intake/sealed-file.ts). A sealed report is opened with the key ring
// and must carry the id it claims; then the schema's verdict; then the store, once per id.
import { validateReport, type Report } from '../../shared/report.ts';
import { MAX_REPORT_BYTES } from '../../shared/sealing.ts';
import { ApiError } from '../errors.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import { openSealed } from '../sealing/open-sealed.ts';
import type { ReportStore, SaveOutcome } from '../storage/report-store.ts';

/** Where a fault in the schema is logged (the request's log, or the importer's stderr). */
export interface IntakeLog {
  warn(details: object, message: string): void;
}

/**
 * The report a body carries: a sealed one (`{format: 'jwe', id, jwe}`, what devices send) is opened with
 * the key ring and must carry the id it claims; anything else is taken as a plain report (kept for now for
 * tools and tests on loopback; the device never sends one).
 */
async function reportOf(body: unknown, keyRing: KeyRing): Promise<unknown> {
  if (typeof body !== 'object' || body === null || (body as { format?: unknown }).format !== 'jwe') return body;
  return openSealed(body, keyRing, { what: 'report', maxBytes: MAX_REPORT_BYTES });
}

/**
 * The schema's verdict. A check that throws met a value of a type it did not expect, which only the body can
 * have put there: a 400 (the device would retry a 5xx for ever), logged as a fault to fix in the schema.
 */
function validateOrRefuse(body: unknown, log: IntakeLog): ReturnType<typeof validateReport> {
  try {
    return validateReport(body);
  } catch (error) {
    log.warn({ failure: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'report validation threw');
    return { ok: false, errors: [{ path: '', message: 'A field holds a value of the wrong type: check every answer is text, a list or a date as asked' }] };
  }
}

/** The valid report a body carries (opened when sealed), or the ApiError saying why not. Stores nothing. */
export async function admitReport(body: unknown, keyRing: KeyRing, log: IntakeLog): Promise<Report> {
  const checked = validateOrRefuse(await reportOf(body, keyRing), log);
  if (!checked.ok) throw new ApiError(400, 'invalid_report', 'The report is incomplete or not valid', checked.errors);
  return checked.report;
}

export type Stored = Exclude<SaveOutcome, { outcome: 'conflict' }>;

/** Stores an admitted report once; a replay gets the first receipt, a different report under a taken id a 409. */
export async function storeAdmitted(store: ReportStore, report: Report, submittedBy: string | null): Promise<Stored> {
  // Resolves only once the row is committed (SQLite synchronous=FULL, PostgreSQL's default commit).
  const saved = await store.saveReport(report, submittedBy);
  if (saved.outcome === 'conflict') {
    throw new ApiError(409, 'conflict', 'A different report was already received with this id; make a new report with a new id');
  }
  return saved;
}
