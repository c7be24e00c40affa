// Sending the reporter's replies (answers, added information) inside the same flush as the reports, so under
// the same Web Lock, from the page and the service worker alike: one at a time (a reporter has a few), each
// sealed body posted to its report's replies route, deleted from the device only after a receipt for its id,
// retried with the same backoff, Retry-After and sign-in rules as a report.
import type { ReportingDatabase } from '../db/database.ts';
import { deferReplies, dueReplies, markRepliesSending, recordReplyResults, repliesAwaitSignIn, type ReplyResult } from '../db/replies.ts';
import { replyReceiptSchema, reportRepliesUrl } from '../shared/messages.ts';
import { retryDelay } from './backoff.ts';
import { sendSealed, type ReceiptParser, type SendOptions } from './endpoint.ts';
import type { StopReason } from './flush.ts';

export interface ReplyFlushOptions extends SendOptions {
  random?: () => number;
}

/** Why and until when sending stopped (the reports' flush may have stopped already: replies then wait as long). */
export type Stop = { reason: StopReason; until: number };

const receipts = replyReceiptSchema as unknown as ReceiptParser<{ id: string; receivedAt: string }>;

/** Sends the replies due now; resolves to how many were sent and where it stopped, if it did. */
export async function flushReplies(database: ReportingDatabase, options: ReplyFlushOptions, stopped?: Stop): Promise<{ sent: number; needsAttention: number; stop?: Stop }> {
  const now = options.now ?? Date.now;
  const due = await dueReplies(now(), database);
  let stop = stopped;
  let sent = 0;
  let needsAttention = 0;
  for (const [i, reply] of due.entries()) {
    if (stop) {
      // What was not reached meets the same network, endpoint or signed-out session.
      const rest = due.slice(i).map((r) => r.id);
      if (stop.reason === 'sign-in') await repliesAwaitSignIn(rest, database);
      else await deferReplies(rest, stop.until, stop.reason, database);
      break;
    }
    await markRepliesSending([reply.id], database);
    const outcome = await sendSealed(reportRepliesUrl(reply.reportId), reply.id, reply.body!, receipts, options);
    let result: ReplyResult;
    switch (outcome.kind) {
      case 'acknowledged':
        sent++;
        result = { id: reply.id, kind: 'sent', receipt: outcome.receipt };
        break;
      case 'refused':
        needsAttention++;
        result = { id: reply.id, kind: 'needs-attention', problem: outcome.message, status: outcome.status };
        break;
      case 'sign-in':
        stop = { reason: 'sign-in', until: 0 };
        result = { id: reply.id, kind: 'needs-sign-in' };
        break;
      case 'retry': {
        const notBefore = now() + retryDelay(reply.attempts + 1, outcome.retryAfterMs, options.random);
        const reason = outcome.retryAfterMs !== undefined ? 'retry-after' : outcome.wait;
        stop = { reason, until: notBefore };
        result = { id: reply.id, kind: 'retry', notBefore, reason, problem: outcome.problem };
        break;
      }
    }
    await recordReplyResults([result], database);
  }
  return { sent, needsAttention, ...(stop && stop !== stopped ? { stop } : {}) };
}
