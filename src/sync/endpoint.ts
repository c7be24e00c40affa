// The HTTP client of the endpoint for sending one report (or one reply), and the sorting of every answer into what the
// sender must do next. No DOM: runs in the page, the service worker and Node.
import { API_REPORTS } from '../shared/api.ts';
import { errorBodySchema, receiptSchema, type Receipt } from '../shared/wire.ts';
import type { SealedBody, WaitReason } from '../db/database.ts';
import type { SealedReport } from '../shared/sealing.ts';

export type SendOutcome<R = Receipt> =
  | { kind: 'acknowledged'; receipt: R }
  /** 4xx other than 401/408/429: the report itself is refused; retrying cannot help. */
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'sign-in'; status: 401 }
  /**
   * Network error, timeout, 408, 429, 5xx, or a "200" that is not a receipt (a captive portal). `wait` says
   * whose failure it was (the control flow reads it); `problem` is what the reporter may be shown.
   */
  | { kind: 'retry'; wait: Exclude<WaitReason, 'retry-after'>; problem: string; retryAfterMs?: number };

/** Reads a receipt out of an answer's body (a zod schema's safeParse). */
export interface ReceiptParser<R> {
  safeParse(value: unknown): { success: true; data: R } | { success: false };
}

export interface SendOptions {
  /** Origin of the endpoint; '' means the page's or worker's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** Sends one sealed report (the device sends nothing else), with its id in clear for the endpoint's replay check. */
export function sendReport(id: string, body: SealedBody, options: SendOptions = {}): Promise<SendOutcome> {
  return sendSealed(API_REPORTS, id, body, receiptSchema, options);
}

/** Posts one sealed thing (a report, a reply) to `path`; only a receipt for this very id counts as sent. */
export async function sendSealed<R extends { id: string }>(path: string, id: string, body: SealedBody, receipt: ReceiptParser<R>, options: SendOptions = {}): Promise<SendOutcome<R>> {
  const doFetch = options.fetch ?? fetch;
  const wire: SealedReport = { format: 'jwe', id, jwe: body.jwe };
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl ?? ''}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(wire),
      credentials: 'same-origin',
      redirect: 'manual', // a redirect here is a portal or a sign-in page, never a receipt
      signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    const name = (error as Error)?.name;
    return { kind: 'retry', wait: 'offline', problem: name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'no connection' };
  }
  return classify(id, response, options.now?.() ?? Date.now(), receipt);
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function classify<R extends { id: string } = Receipt>(
  id: string,
  response: Response,
  now: number,
  receiptParser: ReceiptParser<R> = receiptSchema as unknown as ReceiptParser<R>,
): Promise<SendOutcome<R>> {
  const { status } = response;
  if (status === 200 || status === 201) {
    const receipt = receiptParser.safeParse(await readJson(response));
    // Only a receipt for this very report counts: anything else answering 200 did not store it.
    if (receipt.success && receipt.data.id === id) return { kind: 'acknowledged', receipt: receipt.data };
    return { kind: 'retry', wait: 'offline', problem: 'the answer was not a receipt (a network sign-in page?)' };
  }
  if (status === 401) return { kind: 'sign-in', status };
  if (status === 408 || status === 429 || status >= 500 || status < 200 || (status >= 300 && status < 400) || status === 0) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
    // A redirect (status 0 in a browser: redirect 'manual') is a portal or a sign-in page between the device
    // and the endpoint, as a 200 that is not a receipt is: the device's network, not the endpoint.
    const wait = status === 0 || (status >= 300 && status < 400) ? 'offline' : 'backoff';
    return { kind: 'retry', wait, problem: `the endpoint answered ${status || 'a redirect'}`, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  const error = errorBodySchema.safeParse(await readJson(response));
  return { kind: 'refused', status, message: error.success ? error.data.message : `the endpoint refused it (HTTP ${status})` };
}

/** Retry-After as seconds or an HTTP date (RFC 9110 10.2.3); undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
