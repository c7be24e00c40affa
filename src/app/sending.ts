// The page's side of sending. The page sends at once whenever it can (at start, when the network comes
// back, when the app is shown again, after a submit, and on a timer that follows each report's backoff and
// Retry-After), and also asks for Background Sync, with which the service worker sends even after the page
// is closed (where the browser has it: not Safari or Firefox). Both may run at the same moment: the flush
// lock lets one of them send each report, and the other finds it done.
import { storeExists } from '../db/store-exists.ts';
import { NETWORK_RETURN_PAUSES_MS } from '../sync/backoff.ts';
import { dispatchOutboxEvent, requestBackgroundSend } from './sw-bridge.ts';

const MIN_TIMER_MS = 1_000;
const STATUS_REFRESH_MS = 5 * 60_000;

let timer: ReturnType<typeof setTimeout> | undefined;
let running: Promise<void> | null = null;
let again = false;
let started = false;
let lastStatusRefresh = 0;

function schedule(at: number) {
  clearTimeout(timer);
  timer = setTimeout(() => void sendNow(), Math.max(MIN_TIMER_MS, at - Date.now()));
}

async function sendFromThisPage(): Promise<void> {
  clearTimeout(timer);
  try {
    if (!navigator.onLine) return; // the 'online' event will bring us back
    // Nothing to send or ask about (a first visit): do not load the sending code at all.
    if (!(await storeExists())) return;
    const { hasSendingWork } = await import('../db/outbox.ts');
    if (!(await hasSendingWork())) return;
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
}

/**
 * Sends whatever is due now, from this page. Asked while a send is running (the network came back while a
 * request of the last send still hung), it sends once more when that one ends instead of being lost in it.
 */
export function sendNow(): Promise<void> {
  if (running) {
    again = true;
    return running;
  }
  const run = (async () => {
    do {
      again = false;
      await sendFromThisPage();
    } while (again);
  })();
  // Cleared after the assignment: a run that finishes at once must not leave itself behind as "running".
  running = run.finally(() => {
    running = null;
  });
  return running;
}

/** Background Sync if the browser has it (in case the page closes), and the page itself at once. */
async function sendSoonFromThisPage(): Promise<void> {
  await Promise.all([requestBackgroundSend(), sendNow()]);
}

let sender: () => Promise<void> = sendSoonFromThisPage;

/** Asks for the outbox to be sent soon (after a submit, say). */
export function sendSoon(): Promise<void> {
  return sender();
}

/**
 * Component tests put a stand-in here, to see that a page asked for a send without sending anything over
 * the network. Returns the function that puts the real sender back.
 */
export function replaceSender(standIn: () => Promise<void>): () => void {
  sender = standIn;
  return () => {
    sender = sendSoonFromThisPage;
  };
}

async function networkBack() {
  if (!(await storeExists())) return;
  // Reports that failed while offline were given a backoff: the network is back, so they are due now (a wait
  // the endpoint asked for stands). Those waiting for a sign-in are tried again too: the reporter may have
  // signed in meanwhile (in another tab), and one more 401 costs a single request.
  const { endOfflineWaits, retryWaitingForSignIn } = await import('../db/outbox.ts');
  await endOfflineWaits();
  await retryWaitingForSignIn();
  await sendSoon();
  // A send that failed as if offline in the moment the network came back is tried again shortly, not after
  // the offline wait it was given (see NETWORK_RETURN_PAUSES_MS); none is left waiting so: done.
  for (const pause of NETWORK_RETURN_PAUSES_MS) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    if (!navigator.onLine || (await endOfflineWaits()) === 0) return;
    await sendNow();
  }
}

/**
 * Drafts and reports an earlier build left in clear are encrypted and sealed as soon as this version opens, online or not (the key
 * built into the app serves offline); the flush does it too, but only runs when something is due. Changes a
 * window appended to a draft it did not know had gone are dropped then too.
 */
async function sealLeftovers(): Promise<void> {
  if (!(await storeExists())) return;
  const [{ encryptClearDrafts }, { dropOrphanChanges }] = await Promise.all([import('../db/draft-crypto.ts'), import('../db/drafts.ts')]);
  await encryptClearDrafts().catch(() => 0);
  await dropOrphanChanges().catch(() => 0);
  const { plainRecords } = await import('../db/outbox.ts');
  if (!(await plainRecords()).length) return;
  const { sealPlainOutbox } = await import('../db/seal-outbox.ts');
  await sealPlainOutbox().catch(() => 0);
}

export function startSending(): void {
  if (started) return;
  started = true;
  void sealLeftovers();
  window.addEventListener('online', () => void networkBack());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sendSoon();
  });
  void sendSoon();
}
