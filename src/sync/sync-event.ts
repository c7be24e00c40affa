// What the service worker does with one Background Sync event: send until nothing waits, waiting inside the
// event for each report's time (backoff, Retry-After) instead of ending while reports still wait, for at most
// a budget that fits Chromium's limit on one sync event (3 minutes). When the budget cannot cover the next
// wait, it says so and the worker rejects the event, so that the browser fires it again with its own backoff;
// registering the same tag again from inside the event would instead fire it at once, in a loop.
import { endOfflineWaits } from '../db/outbox.ts';
import { NETWORK_RETURN_PAUSES_MS } from './backoff.ts';
import { flushOutbox, type FlushOptions } from './flush.ts';

/** How long one sync event may go on sending and waiting: Chromium stops a sync event after 3 minutes. */
export const SYNC_EVENT_BUDGET_MS = 150_000;

/** 'sent': nothing waits any more. 'sign-in': what is left waits for the reporter. 'waiting': try again later. */
export type SyncEventOutcome = 'sent' | 'sign-in' | 'waiting';

export interface SyncEventOptions extends FlushOptions {
  budgetMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** The least time between two flushes of one event, so that no failure can make it spin. */
const MIN_PAUSE_MS = 100;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function sendDuringSyncEvent(options: SyncEventOptions = {}): Promise<SyncEventOutcome> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? pause;
  const endBy = now() + (options.budgetMs ?? SYNC_EVENT_BUDGET_MS);
  // The browser fires sync when it has a network: the device's own offline backoff is over.
  await endOfflineWaits(options.database);
  let quickRetries = 0;
  for (;;) {
    const result = await flushOutbox(options);
    if (result.stoppedBy === 'sign-in') return 'sign-in';
    if (result.nextAttemptAt === null) return 'sent';
    if (result.stoppedBy === 'offline' && quickRetries < NETWORK_RETURN_PAUSES_MS.length) {
      await sleep(NETWORK_RETURN_PAUSES_MS[quickRetries++]!);
      await endOfflineWaits(options.database);
      continue;
    }
    if (result.nextAttemptAt > endBy) return 'waiting';
    // Outside the lock: a page may send meanwhile, and the next flush then finds less (or nothing) to do.
    await sleep(Math.max(MIN_PAUSE_MS, result.nextAttemptAt - now()));
  }
}
