// The one page module that talks to the service worker: registration, the "new version" prompt, asking it
// to send the outbox, and hearing back when the outbox changed.
import type { Workbox } from 'workbox-window';
import { SYNC_TAG } from '../shared/api.ts';
import type { PageToWorkerMessage } from '../shared/wire.ts';

type Listener = () => void;
const updateListeners = new Set<Listener>();
const outboxListeners = new Set<Listener>();
let workbox: Workbox | undefined;
let updateWaiting = false;

export async function registerServiceWorker(): Promise<void> {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  const { Workbox } = await import('workbox-window');
  workbox = new Workbox('/sw.js', { scope: '/', type: 'classic' });
  // A new version installed while this one is open: ask, never reload by ourselves (a reporter may be
  // mid-sentence; the draft is saved, but a surprise reload is still a lost place on the page).
  workbox.addEventListener('waiting', () => {
    updateWaiting = true;
    updateListeners.forEach((l) => l());
  });
  navigator.serviceWorker.addEventListener('message', async (event) => {
    // The parser (zod) loads with the first message, not with the start page.
    const { workerToPageMessage } = await import('../shared/wire.ts');
    const message = workerToPageMessage.safeParse(event.data);
    if (message.success && message.data.type === 'OUTBOX_CHANGED') outboxListeners.forEach((l) => l());
  });
  await workbox.register();
}

export const isUpdateWaiting = () => updateWaiting;

export function onUpdateWaiting(listener: Listener): () => void {
  updateListeners.add(listener);
  return () => updateListeners.delete(listener);
}

export function onOutboxChanged(listener: Listener): () => void {
  outboxListeners.add(listener);
  return () => outboxListeners.delete(listener);
}

/** Called only when the reporter accepts the update; `beforeReload` saves what is on screen first. */
export async function acceptUpdate(beforeReload: () => Promise<void>): Promise<void> {
  if (!workbox) return;
  await beforeReload();
  workbox.addEventListener('controlling', () => window.location.reload());
  post({ type: 'SKIP_WAITING' });
}

function post(message: PageToWorkerMessage): void {
  workbox?.messageSW(message).catch(() => undefined);
}

/**
 * Asks the browser to send the outbox when it has a network (Background Sync), which works even after the
 * page is closed. Returns false where Background Sync does not exist (Safari, Firefox): the page's own
 * fallback sender covers those.
 */
export async function requestBackgroundSend(): Promise<boolean> {
  try {
    const registration = await navigator.serviceWorker?.ready;
    const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
    if (!sync) return false;
    await sync.register(SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
