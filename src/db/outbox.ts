// Every read and change of the outbox. A change that touches several reports is one transaction: IndexedDB
// commits each read-write transaction durably ('strict'), so one per report is what would make sending slow.
// The functions take the database as a parameter (the singleton by default) because the fault harness runs
// many simulated devices in one process.
import { db as defaultDb, type OutboxBody, type OutboxRecord, type ReportingDatabase, type WaitReason } from './database.ts';
import type { CaseStatus, Receipt } from '../shared/wire.ts';
import type { Report } from '../shared/report.ts';
import { regulatorDeadlineOf } from '../shared/dates.ts';

/** The outbox record of a validated report, waiting to be sent: its sealed body and what the list shows. */
export function outboxRecordFor(report: Report, body: OutboxBody, now = new Date()): OutboxRecord {
  const deadline = regulatorDeadlineOf(report);
  return {
    id: report.id,
    reference: report.reference,
    kind: report.kind,
    createdAt: report.createdAt,
    submittedAt: now.toISOString(),
    status: 'waiting',
    body,
    timeZone: report.timeZone,
    attempts: 0,
    ...(deadline ? { regulatorDeadline: deadline.toISOString() } : {}),
  };
}

// ------------------------------------------------------------------------------------------------ reads

/** Not yet with the incident team: everything but a receipted report (a refused one included). */
export const notSent = (r: OutboxRecord) => r.status !== 'sent';

/** What the device will still send by itself: sealed, not sent, not refused. */
export const stillToSend = (r: OutboxRecord) => r.body?.format === 'jwe' && r.status !== 'sent' && r.status !== 'needs-attention';

const inQueue = (database: ReportingDatabase) => database.outbox.where('status').anyOf('waiting', 'sending');

/** Reports the sender should try now: waiting (or left "sending" by a flush that died), with a body, due. */
export async function dueReports(now: number, database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  const records = await inQueue(database).toArray();
  return records
    // Only sealed reports leave the device: one still in clear waits for sealPlainOutbox.
    .filter((r) => r.body?.format === 'jwe' && (r.notBefore ?? 0) <= now)
    // Least recently tried first, so one report the endpoint keeps failing cannot hold up the others.
    .sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0) || a.submittedAt.localeCompare(b.submittedAt));
}

/** How many reports still wait to be sent, and when the earliest is due (for the senders' timers). */
export async function queueSummary(database: ReportingDatabase = defaultDb): Promise<{ waiting: number; nextAttemptAt: number | null }> {
  const records = await inQueue(database).toArray();
  const times = records.filter((r) => r.body).map((r) => r.notBefore ?? 0);
  return { waiting: records.length, nextAttemptAt: times.length ? Math.min(...times) : null };
}

/** Whether the page's sender has anything to do: reports to send, or sent ones whose news it may ask for. */
export async function hasSendingWork(database: ReportingDatabase = defaultDb): Promise<boolean> {
  return (await database.outbox.where('status').anyOf('waiting', 'sending', 'sent').count()) > 0;
}

/** Sent reports whose case the incident team may still change (not closed). */
export function reportsAwaitingNews(database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  return database.outbox.where('status').equals('sent').filter((r) => r.caseStatus !== 'closed').toArray();
}

// ---------------------------------------------------------------------------------------------- changes

/** Changes each listed record that `change` accepts, in one transaction; `change` returns undefined to skip. */
async function changeEach(ids: string[], change: (record: OutboxRecord) => OutboxRecord | undefined, database: ReportingDatabase): Promise<void> {
  if (!ids.length) return;
  await database.transaction('rw', database.outbox, database.drafts, database.edits, async () => {
    const records = await database.outbox.bulkGet(ids);
    const changed = records.flatMap((record) => (record ? (change(record) ?? []) : []));
    if (changed.length) await database.outbox.bulkPut(changed);
    // The draft kept for a correction goes with the receipt, in the same transaction.
    const receipted = changed.filter((r) => r.status === 'sent').map((r) => r.id);
    if (receipted.length) {
      await database.drafts.bulkDelete(receipted);
      await database.edits.where('draftId').anyOf(receipted).delete();
    }
  });
}

const queued = (r: OutboxRecord) => r.status === 'waiting' || r.status === 'sending';

/** A batch about to be sent: shown as "Sending". */
export function markSending(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => (queued(r) ? { ...r, status: 'sending' } : undefined), database);
}

/** What one attempt to send a report came to, as the outbox keeps it. */
export type SendResult =
  /** The endpoint has it: keep the receipt, delete the report itself (a lost device must not leak it). */
  | { id: string; kind: 'sent'; receipt: Receipt }
  /** Try again, not before `notBefore` (epoch ms). */
  | { id: string; kind: 'retry'; notBefore: number; reason: WaitReason; problem: string }
  /** The endpoint refused the report itself: it stays on the device until someone acts. */
  | { id: string; kind: 'needs-attention'; problem: string; status: number }
  | { id: string; kind: 'needs-sign-in' };

function applyResult(record: OutboxRecord, result: SendResult): OutboxRecord | undefined {
  if (record.status === 'sent') return undefined;
  const attempts = record.attempts + 1;
  switch (result.kind) {
    case 'sent': {
      const { body: _dropped, notBefore: _n, waitReason: _w, problem: _p, ...kept } = record;
      return { ...kept, status: 'sent', receipt: result.receipt, attempts };
    }
    case 'retry':
      return { ...record, status: 'waiting', notBefore: result.notBefore, waitReason: result.reason, problem: result.problem, attempts };
    case 'needs-attention':
      return { ...record, status: 'needs-attention', problem: result.problem, problemStatus: result.status, attempts };
    case 'needs-sign-in':
      return signInWait(record);
  }
}

function signInWait(record: OutboxRecord): OutboxRecord {
  return { ...record, status: 'needs-sign-in', problem: 'Sign in to send it' };
}

/** Writes what became of several attempts, in one transaction. */
export function recordResults(results: SendResult[], database: ReportingDatabase = defaultDb): Promise<void> {
  const byId = new Map(results.map((r) => [r.id, r]));
  return changeEach([...byId.keys()], (record) => applyResult(record, byId.get(record.id)!), database);
}

/** Not tried this time, because the endpoint or the network just failed for another report: wait as long. */
export function deferReports(ids: string[], notBefore: number, reason: WaitReason, database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(
    ids,
    (r) => {
      if (!queued(r)) return undefined;
      // A longer wait already set (an earlier Retry-After) stands, with its own reason.
      if ((r.notBefore ?? 0) > notBefore) return { ...r, status: 'waiting' };
      return { ...r, status: 'waiting', notBefore, waitReason: reason };
    },
    database,
  );
}

/** Not tried this time, because the endpoint asked for a sign-in: they wait for it too. */
export function awaitSignIn(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => (queued(r) ? signInWait(r) : undefined), database);
}

const offlineWaitEnds = (r: OutboxRecord): OutboxRecord | undefined =>
  queued(r) && (r.notBefore ?? 0) > 0 && (r.waitReason ?? 'offline') === 'offline' ? { ...r, notBefore: 0 } : undefined;

/**
 * The network is back: reports that waited only because the device was offline are due now. A wait the
 * endpoint asked for (Retry-After) or its own backoff stands. Returns how many became due.
 */
export function endOfflineWaits(database: ReportingDatabase = defaultDb): Promise<number> {
  return database.transaction('rw', database.outbox, async () => {
    const ended = (await inQueue(database).toArray()).flatMap((r) => offlineWaitEnds(r) ?? []);
    if (ended.length) await database.outbox.bulkPut(ended);
    return ended.length;
  });
}

/** Records still holding a report in clear, written by a build before sealing. */
export function plainRecords(database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  return database.outbox.filter((r) => r.body?.format === 'plain').toArray();
}

/** After signing in: every report that waited for it goes back in the queue, due now. Resolves to how many. */
export async function retryWaitingForSignIn(database: ReportingDatabase = defaultDb): Promise<number> {
  const ids = await database.outbox.where('status').equals('needs-sign-in').primaryKeys();
  await retryNow(ids, database);
  return ids.length;
}

/** After signing in, or when the reporter asks to try again: back in the queue, due now. */
export function retryNow(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => (r.body && r.status !== 'sent' ? { ...r, status: 'waiting', notBefore: 0 } : undefined), database);
}

export async function setCaseStatus(id: string, caseStatus: CaseStatus, database: ReportingDatabase = defaultDb): Promise<void> {
  await database.outbox.update(id, { caseStatus });
}
