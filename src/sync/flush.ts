// flushOutbox: the one way reports leave the device, used by the service worker (Background Sync) and by
// the page as a fallback. Exactly once rests on three things: the endpoint stores by the report's id
// (a replay gets the original receipt), a report is deleted here only after a valid receipt for that id,
// and only one flush runs at a time per device (Web Locks).
import { db as defaultDb, type ReportingDatabase } from '../db/database.ts';
import { deferReports, dueReports, markNeedsAttention, markNeedsSignIn, markRetry, markSending, markSent, nextDueTime } from '../db/outbox.ts';
import { retryDelay } from './backoff.ts';
import { sendReport, type SendOptions } from './endpoint.ts';
import { withLock } from './lock.ts';
import { announce } from './events.ts';

export interface FlushOptions extends SendOptions {
  database?: ReportingDatabase;
  random?: () => number;
}

export interface FlushResult {
  sent: number;
  needsAttention: number;
  /** Reports still waiting (failed this time, or not due yet). */
  waiting: number;
  /** Stopped at a failure that would fail the rest too (offline, overloaded, signed out). */
  stoppedBy?: string;
  /** Epoch ms when the earliest waiting report is due, for the page's timer. */
  nextAttemptAt: number | null;
}

export function flushOutbox(options: FlushOptions = {}): Promise<FlushResult> {
  const database = options.database ?? defaultDb;
  return withLock(`flush-outbox:${database.name}`, () => flushLocked(database, options));
}

async function flushLocked(database: ReportingDatabase, options: FlushOptions): Promise<FlushResult> {
  const now = options.now ?? Date.now;
  const result: FlushResult = { sent: 0, needsAttention: 0, waiting: 0, nextAttemptAt: null };
  const due = await dueReports(now(), database);
  const total = due.length;
  let done = 0;
  let stoppedUntil: number | null = null;
  for (const record of due) {
    await markSending(record.id, database);
    announce({ type: 'OUTBOX_PROGRESS', done, total });
    const outcome = await sendReport(record.id, record.body!, options);
    done++;
    if (outcome.kind === 'acknowledged') {
      await markSent(record.id, outcome.receipt, database);
      result.sent++;
      announce({ type: 'REPORT_SENT', id: record.id, reference: outcome.receipt.reference });
      continue;
    }
    if (outcome.kind === 'refused') {
      await markNeedsAttention(record.id, outcome.message, outcome.status, database);
      result.needsAttention++;
      continue;
    }
    if (outcome.kind === 'sign-in') {
      await markNeedsSignIn(record.id, database);
      result.stoppedBy = 'signed out';
      break;
    }
    const delay = retryDelay(record.attempts + 1, outcome.retryAfterMs, options.random);
    stoppedUntil = now() + delay;
    await markRetry(record.id, stoppedUntil, outcome.reason, database);
    result.stoppedBy = outcome.reason;
    break;
  }
  // The reports not reached would meet the same network, the same overloaded endpoint or the same signed-out
  // session: they wait as long (Retry-After is about the endpoint, not one report), or for the sign-in.
  const notReached = due.slice(done).map((r) => r.id);
  if (result.stoppedBy === 'signed out') for (const id of notReached) await markNeedsSignIn(id, database);
  else await deferReports(notReached, stoppedUntil ?? 0, database);
  result.waiting = await database.outbox.where('status').anyOf('waiting', 'sending').count();
  result.nextAttemptAt = await nextDueTime(database);
  announce({ type: 'OUTBOX_CHANGED' });
  return result;
}
