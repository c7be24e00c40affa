// When to try a report again. Exponential backoff with full jitter: a delay drawn uniformly between zero and
// a ceiling that doubles with each attempt up to a cap, so a thousand devices coming back online after an
// outage spread their retries over the whole window instead of meeting the endpoint in the same second
// (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015). Never sooner than the endpoint's Retry-After.
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

/**
 * The pauses before trying again when a send fails as if offline just as the browser says the network is back
 * (its 'online' event, a Background Sync): a request made in that moment can still fail so (Chromium:
 * net::ERR_INTERNET_DISCONNECTED 10-140 ms after the event), and the whole queue would then sit out an offline
 * wait (up to 2 s). A network that is not back after all costs three requests more.
 */
export const NETWORK_RETURN_PAUSES_MS: readonly number[] = [250, 500, 1_000];

/** The longest a device waits before its `attempts`-th retry when the endpoint did not say. */
export function backoffCeiling(attempts: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export function retryDelay(attempts: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  if (retryAfterMs === undefined) return Math.round(random() * backoffCeiling(attempts));
  // Honour Retry-After, plus up to 10% so the endpoint is not met by every device at the same instant.
  return Math.round(retryAfterMs + random() * retryAfterMs * 0.1);
}
