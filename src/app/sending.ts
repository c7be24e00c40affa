// The page's side of sending: ask the service worker (Background Sync) to send the outbox.
import { requestBackgroundSend } from './sw-bridge.ts';

export async function sendSoon(): Promise<void> {
  await requestBackgroundSend();
}
