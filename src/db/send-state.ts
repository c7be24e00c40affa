// What happens to anything the device sends (a report, a reply) between the queue and the receipt: the same
// states and the same rules for both, as pure functions over a record. The outbox and the replies apply them
// in their own transactions.
import type { OutboxStatus, SealedBody, OutboxBody, WaitReason } from './database.ts';

/** The part of a record the sending rules read and change. */
export interface Sendable<R> {
  id: string;
  status: OutboxStatus;
  body?: OutboxBody | SealedBody;
  attempts: number;
  notBefore?: number;
  waitReason?: WaitReason;
  problem?: string;
  problemStatus?: number;
  receipt?: R;
}

/** What one attempt to send came to, as the device keeps it. */
export type SendResult<R> =
  /** The endpoint has it: keep the receipt, delete what was sent (a lost device must not leak it). */
  | { id: string; kind: 'sent'; receipt: R }
  /** Try again, not before `notBefore` (epoch ms). */
  | { id: string; kind: 'retry'; notBefore: number; reason: WaitReason; problem: string }
  /** The endpoint refused it: it stays on the device until someone acts. */
  | { id: string; kind: 'needs-attention'; problem: string; status: number }
  | { id: string; kind: 'needs-sign-in' };

export const queued = (r: { status: OutboxStatus }) => r.status === 'waiting' || r.status === 'sending';

export function signInWait<T extends Sendable<unknown>>(record: T): T {
  return { ...record, status: 'needs-sign-in', problem: 'Sign in to send it' };
}

export function applyResult<R, T extends Sendable<R>>(record: T, result: SendResult<R>): T | undefined {
  if (record.status === 'sent') return undefined;
  const attempts = record.attempts + 1;
  switch (result.kind) {
    case 'sent': {
      const { body: _dropped, notBefore: _n, waitReason: _w, problem: _p, ...kept } = record;
      return { ...kept, status: 'sent', receipt: result.receipt, attempts } as T;
    }
    case 'retry':
      return { ...record, status: 'waiting', notBefore: result.notBefore, waitReason: result.reason, problem: result.problem, attempts };
    case 'needs-attention':
      return { ...record, status: 'needs-attention', problem: result.problem, problemStatus: result.status, attempts };
    case 'needs-sign-in':
      return signInWait(record);
  }
}

/** Not tried this time, because the endpoint or the network just failed for another: wait as long. */
export function deferred<T extends Sendable<unknown>>(r: T, notBefore: number, reason: WaitReason): T | undefined {
  if (!queued(r)) return undefined;
  // A longer wait already set (an earlier Retry-After) stands, with its own reason.
  if ((r.notBefore ?? 0) > notBefore) return { ...r, status: 'waiting' };
  return { ...r, status: 'waiting', notBefore, waitReason: reason };
}

/** The network is back: a wait that came from the device being offline ends (the endpoint's own waits stand). */
export const offlineWaitEnds = <T extends Sendable<unknown>>(r: T): T | undefined =>
  queued(r) && (r.notBefore ?? 0) > 0 && (r.waitReason ?? 'offline') === 'offline' ? { ...r, notBefore: 0 } : undefined;

/** Sent as soon as possible (after signing in, or when the reporter asks), if there is still something to send. */
export const dueNow = <T extends Sendable<unknown>>(r: T): T | undefined => (r.body && r.status !== 'sent' ? { ...r, status: 'waiting', notBefore: 0 } : undefined);

/** Due now: waiting (or left "sending" by a flush that died), sealed, its time come; least recently tried first. */
export function dueOf<T extends Sendable<unknown> & { submittedAt: string }>(records: T[], now: number): T[] {
  return records
    .filter((r) => queued(r) && r.body?.format === 'jwe' && (r.notBefore ?? 0) <= now)
    .sort((a, b) => (a.notBefore ?? 0) - (b.notBefore ?? 0) || a.submittedAt.localeCompare(b.submittedAt));
}
