// The canonical text a report's hash is taken over: key order must not matter, and the text must never change
// for the same report, or the replay of a report stored by an earlier build would be refused as a conflict.
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../src/server/storage/content-hash.ts';
import { buildBreachReport } from '../support/fixtures.ts';

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.keys(value).reverse().map((key) => [key, reversedKeys((value as Record<string, unknown>)[key])]));
}

function expectSortedKeys(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(expectSortedKeys);
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  expect(keys).toEqual([...keys].sort());
  keys.forEach((key) => expectSortedKeys((value as Record<string, unknown>)[key]));
}

describe('canonical JSON', () => {
  it('is the same text whatever order the keys came in, with keys sorted at every level, and parses back to the report', () => {
    const report = buildBreachReport();
    const text = canonicalJson(report);
    expect(canonicalJson(reversedKeys(report))).toBe(text);
    expect(canonicalJson(JSON.parse(JSON.stringify(reversedKeys(report))))).toBe(text);
    expectSortedKeys(JSON.parse(text));
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('leaves out undefined members as JSON does, and writes them as null in arrays', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1, 'x'], c: { e: null, d: -0 } })).toBe('{"a":[null,1,"x"],"c":{"d":0,"e":null}}');
  });

  it('gives the hash that reports stored by earlier builds carry', () => {
    // A report with quotes, backslashes, a newline, non-ASCII text, nested objects and arrays; its hash as the
    // first release computed it (sorted copy, then JSON.stringify) and stored it.
    const stored = {
      schemaVersion: 1,
      id: '0b0f3e8a-5d7c-4a1e-9c2b-6f4d2e1a7b90',
      reference: '7KQ2MXH4PD',
      kind: 'lost-device',
      occurrence: 'incident',
      whatHappened: 'Left "the" laptop on the 08:15 train — Reading → Paddington.\nNo \\ backslash issues, emoji 🔒.',
      happenedKnown: 'yes',
      happenedAt: { year: '2025', month: '11', day: '3', time: '08:40' },
      personalData: 'no',
      dropped: undefined,
      tags: ['b', 'a', null, 3.5, -0, true],
      reporter: { role: 'staff', name: 'Alex Smith', email: 'alex.smith@justice.gov.uk' },
    };
    expect(sha256Hex(canonicalJson(stored))).toBe('022e6703320acfc9986ccf2c7d6049e1c746833a8aa996e496d952de2db97a38');
  });
});
