// When to try a report again. Exponential backoff with "full jitter" (so a thousand devices coming back
// online after an outage do not all retry in the same second), and never sooner than the endpoint's
// Retry-After.
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;

export function retryDelay(attempts: number, retryAfterMs: number | undefined, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
  const backoff = ceiling / 2 + random() * (ceiling / 2);
  if (retryAfterMs === undefined) return Math.round(backoff);
  // Honour Retry-After, plus up to 10% so the endpoint is not met by every device at the same instant.
  return Math.round(retryAfterMs + random() * retryAfterMs * 0.1);
}
