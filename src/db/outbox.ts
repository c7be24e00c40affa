// Every read and change of the outbox. A change that touches several reports is one transaction: IndexedDB
// commits each read-write transaction durably ('strict'), so one per report is what would make sending slow.
// The functions take the database as a parameter (the singleton by default) because the fault harness runs
// many simulated devices in one process.
import { db as defaultDb, type OutboxBody, type OutboxRecord, type ReportingDatabase, type WaitReason } from './database.ts';
import type { Receipt } from '../shared/wire.ts';
import type { Report } from '../shared/report.ts';
import { regulatorDeadlineOf } from '../shared/dates.ts';
import { endReplyOfflineWaits, replyQueueTimes, retryRepliesWaitingForSignIn } from './replies.ts';
import { applyResult, deferred, dueNow, dueOf, offlineWaitEnds, queued, signInWait, type SendResult as GenericResult } from './send-state.ts';

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

type Held = Pick<OutboxRecord, 'status' | 'body'>;

/** Not yet with the incident team: everything but a receipted report or reply (a refused one included). */
export const notSent = (r: Held) => r.status !== 'sent';

/** What the device will still send by itself: sealed, not sent, not refused. */
export const stillToSend = (r: Held) => r.body?.format === 'jwe' && r.status !== 'sent' && r.status !== 'needs-attention';

const inQueue = (database: ReportingDatabase) => database.outbox.where('status').anyOf('waiting', 'sending');

/** Reports the sender should try now: waiting (or left "sending" by a flush that died), sealed, due. */
export async function dueReports(now: number, database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  // Only sealed reports leave the device: one still in clear waits for sealPlainOutbox. Least recently tried
  // first, so one report the endpoint keeps failing cannot hold up the others.
  return dueOf(await inQueue(database).toArray(), now);
}

/** How many reports and replies still wait to be sent, and when the earliest is due (for the senders' timers). */
export async function queueSummary(database: ReportingDatabase = defaultDb): Promise<{ waiting: number; nextAttemptAt: number | null }> {
  const records = await inQueue(database).toArray();
  const times = [...records.filter((r) => r.body).map((r) => r.notBefore ?? 0), ...(await replyQueueTimes(database))];
  return { waiting: records.length + (await database.replies.where('status').anyOf('waiting', 'sending').count()), nextAttemptAt: times.length ? Math.min(...times) : null };
}

/** Whether the page's sender has anything to do: reports or replies to send, or sent reports whose news it may ask for. */
export async function hasSendingWork(database: ReportingDatabase = defaultDb): Promise<boolean> {
  return (
    (await database.outbox.where('status').anyOf('waiting', 'sending', 'sent').count()) > 0 ||
    (await database.replies.where('status').anyOf('waiting', 'sending').count()) > 0
  );
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

/** A batch about to be sent: shown as "Sending". */
export function markSending(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => (queued(r) ? { ...r, status: 'sending' } : undefined), database);
}

/** What one attempt to send a report came to, as the outbox keeps it. */
export type SendResult = GenericResult<Receipt>;

/** Writes what became of several attempts, in one transaction. */
export function recordResults(results: SendResult[], database: ReportingDatabase = defaultDb): Promise<void> {
  const byId = new Map(results.map((r) => [r.id, r]));
  return changeEach([...byId.keys()], (record) => applyResult<Receipt, OutboxRecord>(record, byId.get(record.id)!), database);
}

/** Not tried this time, because the endpoint or the network just failed for another report: wait as long. */
export function deferReports(ids: string[], notBefore: number, reason: WaitReason, database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => deferred(r, notBefore, reason), database);
}

/** Not tried this time, because the endpoint asked for a sign-in: they wait for it too. */
export function awaitSignIn(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, (r) => (queued(r) ? signInWait(r) : undefined), database);
}

/**
 * The network is back: reports (and replies) that waited only because the device was offline are due now. A wait the
 * endpoint asked for (Retry-After) or its own backoff stands. Returns how many became due.
 */
export async function endOfflineWaits(database: ReportingDatabase = defaultDb): Promise<number> {
  const reports = await database.transaction('rw', database.outbox, async () => {
    const ended = (await inQueue(database).toArray()).flatMap((r) => offlineWaitEnds(r) ?? []);
    if (ended.length) await database.outbox.bulkPut(ended);
    return ended.length;
  });
  return reports + (await endReplyOfflineWaits(database));
}

/**
 * Records still holding a report in clear, written by a build before sealing. A sent record holds no report
 * (it is dropped as the receipt is kept), so only the others are read, through the status index: every send
 * asks, and the receipts a device keeps only grow.
 */
export function plainRecords(database: ReportingDatabase = defaultDb): Promise<OutboxRecord[]> {
  return database.outbox.where('status').notEqual('sent').filter((r) => r.body?.format === 'plain').toArray();
}

/** After signing in: every report (and reply) that waited for it goes back in the queue, due now. Resolves to how many. */
export async function retryWaitingForSignIn(database: ReportingDatabase = defaultDb): Promise<number> {
  const ids = await database.outbox.where('status').equals('needs-sign-in').primaryKeys();
  await retryNow(ids, database);
  return ids.length + (await retryRepliesWaitingForSignIn(database));
}

/** After signing in, or when the reporter asks to try again: back in the queue, due now. */
export function retryNow(ids: string[], database: ReportingDatabase = defaultDb): Promise<void> {
  return changeEach(ids, dueNow, database);
}
