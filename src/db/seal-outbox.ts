// The upgrade from a build that kept waiting reports in clear: each is sealed to the endpoint and its clear
// record replaced, and its answers become the kept draft (so a refusal can still be corrected). WebCrypto
// cannot be awaited inside a Dexie upgrade (the transaction would commit), so this runs on open, outside
// any transaction: seal first, then swap in a short transaction that checks the record is still in clear
// (another tab or the worker may have sealed it meanwhile). The id never changes, so nothing is sent twice:
// the endpoint answers a replay of an id with its first receipt.
import type { DraftAnswers, Report } from '../shared/report.ts';
import { db as defaultDb, type Draft, type OutboxRecord, type PlainBody, type ReportingDatabase, type SealedBody } from './database.ts';
import { encryptDraft } from './draft-crypto.ts';
import { plainRecords } from './outbox.ts';
import { loadJwks, ReportTooLargeError, sealReport, type SealOptions } from '../sync/seal.ts';

/** The draft kept for a report that was sent (sealed) by a build that did not keep one: its own answers. */
export function keptDraftOf(report: Report, now = new Date()): Draft {
  const { schemaVersion: _v, id, reference, kind, createdAt, timeZone, ...answers } = report;
  return { id, reference, kind, createdAt, timeZone, answers: answers as DraftAnswers, updatedAt: now.toISOString(), submittedAt: now.toISOString() };
}

export interface SealOutboxOptions extends SealOptions {
  database?: ReportingDatabase;
  now?: () => number;
}

/** Seals every report still in clear; resolves to how many records were changed. */
export async function sealPlainOutbox(options: SealOutboxOptions = {}): Promise<number> {
  const database = options.database ?? defaultDb;
  const plain = await plainRecords(database);
  if (!plain.length) return 0;
  const jwks = await loadJwks(options);
  let changed = 0;
  for (const record of plain) {
    const { report } = record.body as PlainBody;
    let body: SealedBody | undefined;
    let problem: string | undefined;
    try {
      body = await sealReport(report, jwks);
    } catch (error) {
      if (!(error instanceof ReportTooLargeError)) throw error;
      problem = error.message; // the endpoint would refuse it too: it waits for a correction instead
    }
    const keptDraft = await encryptDraft(keptDraftOf(report, new Date(options.now?.() ?? Date.now())), database);
    const done = await database.transaction('rw', database.outbox, database.drafts, async () => {
      const current = await database.outbox.get(record.id);
      if (current?.body?.format !== 'plain') return false;
      const { body: _clear, ...kept } = current;
      const replaced: OutboxRecord = body ? { ...kept, body } : { ...kept, status: 'needs-attention', problem };
      await database.outbox.put(replaced);
      if (!(await database.drafts.get(record.id))) await database.drafts.add(keptDraft);
      return true;
    });
    if (done) changed++;
  }
  return changed;
}
