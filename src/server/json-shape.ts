// A cap on the shape of a parsed JSON body, checked before any schema: a body within the byte limit can still
// hold 120,000 tiny values, and validating each one (and listing its error) took 75-180 ms per request, so
// ten such requests a second stalled every other request. A report, answered in full, holds a few hundred
// values at most.
import { ApiError } from './errors.ts';

export const MAX_JSON_VALUES = 2_000;
export const MAX_JSON_DEPTH = 12;

/** Throws a 400 when `body` holds more values or deeper nesting than any request of this endpoint needs. */
export function checkJsonShape(body: unknown): void {
  countValues(body, 1, 0);
}

/** `seen` values counted before this one; returns the count with this value and everything in it. */
function countValues(value: unknown, depth: number, seen: number): number {
  if (++seen > MAX_JSON_VALUES) {
    throw new ApiError(400, 'body_too_complex', `The request body holds more than ${MAX_JSON_VALUES.toLocaleString('en-GB')} values`);
  }
  if (typeof value !== 'object' || value === null) return seen;
  // Checked before going a level down, so the recursion is never deeper than the limit.
  if (depth > MAX_JSON_DEPTH) throw new ApiError(400, 'body_too_complex', `The request body is nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (Array.isArray(value)) {
    for (const child of value) seen = countValues(child, depth + 1, seen);
  } else {
    // A parsed body's objects are plain: their own keys are all there is.
    for (const key in value) seen = countValues((value as Record<string, unknown>)[key], depth + 1, seen);
  }
  return seen;
}
