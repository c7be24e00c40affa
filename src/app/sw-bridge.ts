// The one page module that talks to the service worker: registration, the "new version" prompt, asking it
// to send the outbox, and hearing what happens to the outbox (from the worker or another tab).
import type { Workbox } from 'workbox-window';
import { SYNC_TAG } from '../shared/api.ts';
import type { OutboxEvent, PageToWorkerMessage } from '../shared/wire.ts';
import { OUTBOX_CHANNEL } from '../sync/events.ts';

type Listener = () => void;
const updateListeners = new Set<Listener>();
const outboxListeners = new Set<(event: OutboxEvent) => void>();
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
  await workbox.register();
}

export const isUpdateWaiting = () => updateWaiting;

export function onUpdateWaiting(listener: Listener): () => void {
  updateListeners.add(listener);
  return () => updateListeners.delete(listener);
}

let channel: BroadcastChannel | undefined;
function listenToOutbox() {
  if (channel || typeof BroadcastChannel === 'undefined') return;
  channel = new BroadcastChannel(OUTBOX_CHANNEL);
  channel.onmessage = async (message) => {
    // The parser (zod) loads with the first message, not with the start page.
    const { outboxEvent } = await import('../shared/wire.ts');
    const event = outboxEvent.safeParse(message.data);
    if (event.success) dispatchOutboxEvent(event.data);
  };
}

/** Tells this page's listeners too (a BroadcastChannel does not deliver to its own sender's context). */
export function dispatchOutboxEvent(event: OutboxEvent): void {
  outboxListeners.forEach((l) => l(event));
}

export function onOutboxEvent(listener: (event: OutboxEvent) => void): () => void {
  listenToOutbox();
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
    if (!('serviceWorker' in navigator) || !navigator.serviceWorker.controller) return false;
    const registration = await navigator.serviceWorker.ready;
    const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }).sync;
    if (!sync) return false;
    await sync.register(SYNC_TAG);
    return true;
  } catch {
    return false;
  }
}
