// News of the outbox for every open page of the app, from whichever context sent it (a tab or the service
// worker). BroadcastChannel reaches all of them, including pages that did not start the flush.
import type { OutboxEvent } from '../shared/wire.ts';

export const OUTBOX_CHANNEL = 'report-outbox';
let channel: BroadcastChannel | undefined;

export function announce(event: OutboxEvent): void {
  if (typeof BroadcastChannel === 'undefined') return;
  if (!channel) {
    channel = new BroadcastChannel(OUTBOX_CHANNEL);
    // In Node (tests, the fault harness) an open channel would keep the process alive.
    (channel as BroadcastChannel & { unref?: () => void }).unref?.();
  }
  channel.postMessage(event);
}
