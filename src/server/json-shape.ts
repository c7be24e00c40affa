// A cap on the shape of a parsed JSON body, checked before any schema: a body within the byte limit can still
// hold 120,000 tiny values, and validating each one (and listing its error) took 75-180 ms per request, so
// ten such requests a second stalled every other request. A report, answered in full, holds a few hundred
// values at most.
import { ApiError } from './errors.ts';

export const MAX_JSON_VALUES = 2_000;
export const MAX_JSON_DEPTH = 12;

/** Throws a 400 when `body` holds more values or deeper nesting than any request of this endpoint needs. */
export function checkJsonShape(body: unknown): void {
  let values = 0;
  const pending: [unknown, number][] = [[body, 1]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (++values > MAX_JSON_VALUES) {
      throw new ApiError(400, 'body_too_complex', `The request body holds more than ${MAX_JSON_VALUES.toLocaleString('en-GB')} values`);
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) throw new ApiError(400, 'body_too_complex', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, depth + 1]);
  }
}
