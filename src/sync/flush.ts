// flushOutbox: the one way reports (and then the reporter's replies, flush-replies.ts) leave the device, used by the service worker (Background Sync) and by
// the page. Exactly once rests on three things: the endpoint stores by the report's id (a replay gets the
// original receipt), a report is deleted here only after a valid receipt for that id, and only one flush
// runs at a time per device (Web Locks), so no two senders ever hold the same report.
//
// Speed: after the first report, reports go up to 20 in a request (POST /api/reports/batch: each gets the
// answer it would get alone; a browser's request costs more than the endpoint's work for a report), a few
// requests in flight at once (started one at a time and widened after each receipt, so an endpoint that is
// down or overloaded, or a network that is gone, costs one request, not six), reports marked "sending" a
// batch per transaction, and answers written together as they arrive (group commit).
import { db as defaultDb, type OutboxRecord, type ReportingDatabase, type SealedBody, type WaitReason } from '../db/database.ts';
import { awaitSignIn, deferReports, dueReports, markSending, queueSummary, recordResults, type SendResult } from '../db/outbox.ts';
import { sealPlainOutbox } from '../db/seal-outbox.ts';
import { retryDelay } from './backoff.ts';
import { batchWriter } from './batch-writer.ts';
import { sendReport, sendReports, type SendOptions, type SendOutcome } from './endpoint.ts';
import { MAX_BATCH_REPORTS } from '../shared/wire.ts';
import { outboxLockName, withLock } from './lock.ts';
import { announce } from './events.ts';
import { flushReplies } from './flush-replies.ts';

/** Requests in flight at most: Chromium opens 6 connections per host over HTTP/1.1. */
export const MAX_IN_FLIGHT = 6;
/**
 * Sealed reports (their JWE text) per batch at most: under the endpoint's default body limit (256 KB) with
 * room for the wrapper. A report larger than this goes alone, as every report did before batches.
 */
export const MAX_BATCH_BYTES = 192 * 1024;
/** Reports marked "sending" per transaction. */
const MARK_BATCH = 24;

export interface FlushOptions extends SendOptions {
  database?: ReportingDatabase;
  random?: () => number;
  /** Reports per batch at most (default MAX_BATCH_REPORTS): the fault harness sends smaller ones, to meet more faults. */
  batchReports?: number;
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

/**
 * The requests that carry `due`, in order: the first holds one report, so that an endpoint that is down, or a
 * sign-in asked for, costs one report's try (as it did when each report went alone); the others hold up to
 * MAX_BATCH_REPORTS, and at most MAX_BATCH_BYTES of sealed reports (within the endpoint's body limit).
 */
function requestsFor(due: OutboxRecord[], batchReports = MAX_BATCH_REPORTS): OutboxRecord[][] {
  const size = (r: OutboxRecord) => (r.body as SealedBody).jwe.length;
  const units: OutboxRecord[][] = [];
  for (let i = 0; i < due.length; ) {
    const unit = [due[i++]!];
    let bytes = size(unit[0]!);
    while (units.length > 0 && i < due.length && unit.length < batchReports && bytes + size(due[i]!) <= MAX_BATCH_BYTES) {
      bytes += size(due[i]!);
      unit.push(due[i++]!);
    }
    units.push(unit);
  }
  return units;
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

  /** What one report's try came to, written with the others as answers arrive. */
  const settle = (record: OutboxRecord, outcome: SendOutcome) => {
    done++;
    switch (outcome.kind) {
      case 'acknowledged':
        sent++;
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

  let inFlightLimit = 1;
  let oneByOne = false;
  /** One request: a report alone, or a batch (each report on its own when the endpoint does not take batches). */
  const send = async (unit: OutboxRecord[]) => {
    const reports = unit.map((r) => ({ id: r.id, body: r.body as SealedBody }));
    let outcomes = unit.length > 1 && !oneByOne ? await sendReports(reports, options) : 'one-by-one';
    if (outcomes === 'one-by-one') {
      oneByOne ||= unit.length > 1;
      outcomes = [];
      for (const { id, body } of reports) outcomes.push(await sendReport(id, body, options));
    }
    if (outcomes.some((o) => o.kind === 'acknowledged')) inFlightLimit = Math.min(MAX_IN_FLIGHT, inFlightLimit * 2);
    unit.forEach((record, i) => settle(record, outcomes[i]!));
  };

  const units = requestsFor(due, Math.min(MAX_BATCH_REPORTS, options.batchReports ?? MAX_BATCH_REPORTS));
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  let reached = 0;
  let marked = 0;
  while (next < units.length && !stop) {
    const unit = units[next++]!;
    while (marked < reached + unit.length) {
      const batch = due.slice(marked, marked + MARK_BATCH).map((r) => r.id);
      await markSending(batch, database);
      marked += batch.length;
      announce({ type: 'OUTBOX_PROGRESS', done, total });
    }
    reached += unit.length;
    const started = send(unit).finally(() => inFlight.delete(started));
    inFlight.add(started);
    while (inFlight.size >= inFlightLimit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await writer.done();

  // The reports not reached would meet the same network, the same overloaded endpoint or the same signed-out
  // session: they wait as long (Retry-After is about the endpoint, not one report), or for the sign-in.
  const notReached = due.slice(reached).map((r) => r.id);
  if (stop?.reason === 'sign-in') await awaitSignIn(notReached, database);
  else if (stop) await deferReports(notReached, stop.until, stop.reason, database);
  // Then the reporter's answers and added information, after the reports they are about, by the same rules.
  const replies = await flushReplies(database, options, stop);
  stop ??= replies.stop;
  const { waiting, nextAttemptAt } = await queueSummary(database);
  announce({ type: 'OUTBOX_CHANGED' });
  return { sent, needsAttention, repliesSent: replies.sent, waiting, nextAttemptAt, ...(stop ? { stoppedBy: stop.reason } : {}) };
}
