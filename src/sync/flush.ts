// flushOutbox: the one way reports (and then the reporter's replies, flush-replies.ts) leave the device, used by the service worker (Background Sync) and by
// the page. Exactly once rests on three things: the endpoint stores by the report's id (a replay gets the
// original receipt), a report is deleted here only after a valid receipt for that id, and only one flush
// runs at a time per device (Web Locks), so no two senders ever hold the same report.
//
// Speed: a few requests in flight at once (started one at a time and widened after each receipt, so an
// endpoint that is down or overloaded, or a network that is gone, costs one request, not six), reports
// marked "sending" a batch per transaction, and answers written together as they arrive (group commit).
import { db as defaultDb, type OutboxRecord, type ReportingDatabase, type SealedBody, type WaitReason } from '../db/database.ts';
import { awaitSignIn, deferReports, dueReports, markSending, queueSummary, recordResults, type SendResult } from '../db/outbox.ts';
import { sealPlainOutbox } from '../db/seal-outbox.ts';
import { retryDelay } from './backoff.ts';
import { batchWriter } from './batch-writer.ts';
import { sendReport, type SendOptions } from './endpoint.ts';
import { outboxLockName, withLock } from './lock.ts';
import { announce } from './events.ts';
import { flushReplies } from './flush-replies.ts';

/** Requests in flight at most: Chromium opens 6 connections per host over HTTP/1.1. */
export const MAX_IN_FLIGHT = 6;
/** Reports marked "sending" per transaction. */
const MARK_BATCH = 24;

export interface FlushOptions extends SendOptions {
  database?: ReportingDatabase;
  random?: () => number;
}

/** Why a flush stopped before the end: the wait of the report that stopped it, or a sign-in asked for. */
export type StopReason = WaitReason | 'sign-in';

export interface FlushResult {
  sent: number;
  needsAttention: number;
  /** Answers and added information sent (they follow the reports, in the same flush). */
  repliesSent: number;
  /** Reports still waiting (failed this time, or not due yet). */
  waiting: number;
  /** Stopped at a failure that would fail the rest too (offline, overloaded, signed out). */
  stoppedBy?: StopReason;
  /** Epoch ms when the earliest waiting report is due, for the senders' timers. */
  nextAttemptAt: number | null;
}

export function flushOutbox(options: FlushOptions = {}): Promise<FlushResult> {
  const database = options.database ?? defaultDb;
  return withLock(outboxLockName(database), () => flushLocked(database, options));
}

async function flushLocked(database: ReportingDatabase, options: FlushOptions): Promise<FlushResult> {
  const now = options.now ?? Date.now;
  // Reports an earlier build left in clear are sealed before anything is sent. With no key on the device
  // yet (never online since the upgrade) they wait, unsent, for the next flush.
  await sealPlainOutbox({ ...options, database }).catch(() => 0);
  const due = await dueReports(now(), database);
  const total = due.length;
  let sent = 0;
  let needsAttention = 0;
  let done = 0;
  let stop: { reason: StopReason; until: number } | undefined;

  const writer = batchWriter<SendResult>(async (results) => {
    await recordResults(results, database);
    // Announced once written, so that a page reading the outbox on the news finds it so.
    for (const r of results) if (r.kind === 'sent') announce({ type: 'REPORT_SENT', id: r.id, reference: r.receipt.reference });
    announce({ type: 'OUTBOX_PROGRESS', done, total });
  });

  let inFlightLimit = 1;
  const send = async (record: OutboxRecord) => {
    const outcome = await sendReport(record.id, record.body as SealedBody, options);
    done++;
    switch (outcome.kind) {
      case 'acknowledged':
        sent++;
        inFlightLimit = Math.min(MAX_IN_FLIGHT, inFlightLimit * 2);
        return writer.add({ id: record.id, kind: 'sent', receipt: outcome.receipt });
      case 'refused':
        needsAttention++;
        return writer.add({ id: record.id, kind: 'needs-attention', problem: outcome.message, status: outcome.status });
      case 'sign-in':
        stop = { reason: 'sign-in', until: 0 };
        return writer.add({ id: record.id, kind: 'needs-sign-in' });
      case 'retry': {
        const notBefore = now() + retryDelay(record.attempts + 1, outcome.retryAfterMs, options.random);
        const reason = outcome.retryAfterMs !== undefined ? 'retry-after' : outcome.wait;
        // A sign-in asked for stands; otherwise the longest wait does (requests in flight together may differ).
        if (stop?.reason !== 'sign-in' && notBefore > (stop?.until ?? 0)) stop = { reason, until: notBefore };
        return writer.add({ id: record.id, kind: 'retry', notBefore, reason, problem: outcome.problem });
      }
    }
  };

  const inFlight = new Set<Promise<void>>();
  let next = 0;
  let marked = 0;
  while (next < total && !stop) {
    if (next === marked) {
      const batch = due.slice(marked, marked + MARK_BATCH).map((r) => r.id);
      await markSending(batch, database);
      marked += batch.length;
      announce({ type: 'OUTBOX_PROGRESS', done, total });
    }
    const started = send(due[next++]!).finally(() => inFlight.delete(started));
    inFlight.add(started);
    while (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await writer.done();

  // The reports not reached would meet the same network, the same overloaded endpoint or the same signed-out
  // session: they wait as long (Retry-After is about the endpoint, not one report), or for the sign-in.
  const notReached = due.slice(next).map((r) => r.id);
  if (stop?.reason === 'sign-in') await awaitSignIn(notReached, database);
  else if (stop) await deferReports(notReached, stop.until, stop.reason, database);
  // Then the reporter's answers and added information, after the reports they are about, by the same rules.
  const replies = await flushReplies(database, options, stop);
  stop ??= replies.stop;
  const { waiting, nextAttemptAt } = await queueSummary(database);
  announce({ type: 'OUTBOX_CHANGED' });
  return { sent, needsAttention, repliesSent: replies.sent, waiting, nextAttemptAt, ...(stop ? { stoppedBy: stop.reason } : {}) };
}
