// Every read and change of the replies outbox (answers to the team's questions, information added to a sent
// report), by the same rules as the reports' outbox (send-state.ts). No DOM and no import(): the service
// worker's flush runs this too. Queueing a reply (sealing it) is in write-reply.ts, which only the page loads.
import { db as defaultDb, type ReplyRecord, type ReportingDatabase, type WaitReason } from './database.ts';
import type { ReplyReceipt } from '../shared/messages.ts';
import { applyResult, deferred, dueNow, dueOf, offlineWaitEnds, queued, signInWait, type SendResult } from './send-state.ts';

export type ReplyResult = SendResult<ReplyReceipt>;

const inQueue = (database: ReportingDatabase) => database.replies.where('status').anyOf('waiting', 'sending');

/** Replies the sender should try now, least recently tried first. */
export async function dueReplies(now: number, database: ReportingDatabase = defaultDb): Promise<ReplyRecord[]> {
  return dueOf(await inQueue(database).toArray(), now);
}

/** The times at which the replies still queued are due (0: now), for the senders' timers. */
export async function replyQueueTimes(database: ReportingDatabase = defaultDb): Promise<number[]> {
  return (await inQueue(database).toArray()).filter((r) => r.body).map((r) => r.notBefore ?? 0);
}

export function listReplies(reportId: string, database: ReportingDatabase = defaultDb): Promise<ReplyRecord[]> {
  return database.replies.where('reportId').equals(reportId).sortBy('submittedAt');
}

/** Every reply on this device that has not reached the team (for "Delete everything" and "Save sealed reports"). */
export function unsentReplies(database: ReportingDatabase = defaultDb): Promise<ReplyRecord[]> {
  return database.replies.filter((r) => r.status !== 'sent').toArray();
}

export function getReply(id: string, database: ReportingDatabase = defaultDb): Promise<ReplyRecord | undefined> {
  return database.replies.get(id);
}

/** Changes each listed reply that `change` accepts, in one transaction. */
async function changeEach(ids: string[], change: (record: ReplyRecord) => ReplyRecord | undefined, database: ReportingDatabase): Promise<number> {
  if (!ids.length) return 0;
  return database.transaction('rw', database.replies, async () => {
    const changed = (await database.replies.bulkGet(ids)).flatMap((r) => (r ? (change(r) ?? []) : []));
    if (changed.length) await database.replies.bulkPut(changed);
    return changed.length;
  });
}

export function markRepliesSending(ids: string[], database: ReportingDatabase = defaultDb): Promise<number> {
  return changeEach(ids, (r) => (queued(r) ? { ...r, status: 'sending' } : undefined), database);
}

export function recordReplyResults(results: ReplyResult[], database: ReportingDatabase = defaultDb): Promise<number> {
  const byId = new Map(results.map((r) => [r.id, r]));
  return changeEach([...byId.keys()], (r) => applyResult<ReplyReceipt, ReplyRecord>(r, byId.get(r.id)!), database);
}

export function deferReplies(ids: string[], notBefore: number, reason: WaitReason, database: ReportingDatabase = defaultDb): Promise<number> {
  return changeEach(ids, (r) => deferred(r, notBefore, reason), database);
}

export function repliesAwaitSignIn(ids: string[], database: ReportingDatabase = defaultDb): Promise<number> {
  return changeEach(ids, (r) => (queued(r) ? signInWait(r) : undefined), database);
}

/** The network is back: replies that waited only because the device was offline are due now. */
export async function endReplyOfflineWaits(database: ReportingDatabase = defaultDb): Promise<number> {
  return changeEach(await inQueue(database).primaryKeys(), offlineWaitEnds, database);
}

/** After signing in: replies that waited for it are due now. */
export async function retryRepliesWaitingForSignIn(database: ReportingDatabase = defaultDb): Promise<number> {
  return changeEach(await database.replies.where('status').equals('needs-sign-in').primaryKeys(), dueNow, database);
}
