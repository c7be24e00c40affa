// The page's side of sending. Background Sync (in the service worker) is the main path: it works even
// after the page is closed. Where it does not exist (Safari, Firefox) or has not fired, the page sends
// itself: at start, when the network comes back, when the app is shown again, and on a timer that follows
// each report's backoff and Retry-After. The flush lock makes the two paths safe together.
import { dispatchOutboxEvent, requestBackgroundSend } from './sw-bridge.ts';

/** How long the page leaves Background Sync to do the work before sending itself. */
export const BACKGROUND_SYNC_GRACE_MS = 20_000;
const MIN_TIMER_MS = 1_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<void> | null = null;
let started = false;
let lastStatusRefresh = 0;
const STATUS_REFRESH_MS = 5 * 60_000;

function schedule(at: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void sendNow(), Math.max(MIN_TIMER_MS, at - Date.now()));
}

/** Sends whatever is due now, from this page. The flush code loads only when there is something to do. */
export function sendNow(): Promise<void> {
  if (running) return running;
  const run = (async () => {
    clearTimeout(timer);
    try {
      if (!navigator.onLine) return; // the 'online' event will bring us back
      // Nothing to send or ask about (a first visit): do not load the sending code at all.
      const { db } = await import('../db/database.ts');
      if ((await db.outbox.where('status').anyOf('waiting', 'sending', 'sent').count()) === 0) return;
      const [{ flushOutbox }, { refreshCaseStatuses }] = await Promise.all([import('../sync/flush.ts'), import('../sync/case-status.ts')]);
      const result = await flushOutbox();
      if (result.nextAttemptAt !== null) schedule(result.nextAttemptAt);
      // Case statuses change slowly: ask at most every few minutes, not on every send or tab switch.
      if (Date.now() - lastStatusRefresh > STATUS_REFRESH_MS) {
        lastStatusRefresh = Date.now();
        if (await refreshCaseStatuses()) dispatchOutboxEvent({ type: 'OUTBOX_CHANGED' });
      }
    } catch {
      schedule(Date.now() + 30_000);
    }
  })();
  // Cleared after the assignment: a run that finishes at once must not leave itself behind as "running".
  running = run.finally(() => {
    running = null;
  });
  return running;
}

/** Background Sync if the browser has it, with the page as the fallback after a grace period. */
export async function sendSoon(): Promise<void> {
  if (await requestBackgroundSend()) schedule(Date.now() + BACKGROUND_SYNC_GRACE_MS);
  else await sendNow();
}

async function networkBack() {
  // Reports that failed while offline were given a backoff; the network is back, so they are due now. Those
  // waiting for a sign-in are tried again too: the reporter may have signed in meanwhile (in another tab, or
  // before the session on this device ended), and one more 401 costs a single request.
  const [{ retryNow }, { db }] = await Promise.all([import('../db/outbox.ts'), import('../db/database.ts')]);
  const waiting = await db.outbox.where('status').anyOf('waiting', 'needs-sign-in').primaryKeys();
  await retryNow(waiting);
  await sendSoon();
}

export function startSending(): void {
  if (started) return;
  started = true;
  window.addEventListener('online', () => void networkBack());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sendSoon();
  });
  void sendSoon();
}
