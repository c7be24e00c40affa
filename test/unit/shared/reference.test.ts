import { describe, expect, it } from 'vitest';
import { formatReference, generateReference, REFERENCE_ALPHABET, REFERENCE_LENGTH, REFERENCE_PATTERN } from '../../../src/shared/reference.ts';

describe('the offline reference', () => {
  it('is 10 characters from the reference alphabet', () => {
    for (let i = 0; i < 200; i++) {
      const reference = generateReference();
      expect(reference).toHaveLength(REFERENCE_LENGTH);
      expect(REFERENCE_LENGTH).toBe(10);
      expect([...reference].every((c) => REFERENCE_ALPHABET.includes(c)), reference).toBe(true);
      expect(reference).toMatch(REFERENCE_PATTERN);
    }
  });

  it('has no look-alikes to misread over the phone (0/O, 1/I/L), and nothing else is left out', () => {
    for (const c of '0O1IL') expect(REFERENCE_ALPHABET).not.toContain(c);
    const expected = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'].filter((c) => !'0O1IL'.includes(c));
    expect([...REFERENCE_ALPHABET].sort()).toEqual(expected.sort());
    expect(new Set(REFERENCE_ALPHABET).size).toBe(REFERENCE_ALPHABET.length);
  });

  it('the pattern accepts exactly the alphabet', () => {
    for (const c of REFERENCE_ALPHABET) expect(c.repeat(10)).toMatch(REFERENCE_PATTERN);
    for (const c of '0O1ILa- ') expect(`ABCDEFGHJ${c}`).not.toMatch(REFERENCE_PATTERN);
    expect('ABCDEFGHJ').not.toMatch(REFERENCE_PATTERN);
    expect('ABCDEFGHJKM').not.toMatch(REFERENCE_PATTERN);
  });

  it('draws every character about equally often', () => {
    const draws = 6000; // 60,000 characters, about 1,935 of each
    const counts = new Map<string, number>();
    for (let i = 0; i < draws; i++) for (const c of generateReference()) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (draws * REFERENCE_LENGTH) / REFERENCE_ALPHABET.length;
    expect(counts.size).toBe(REFERENCE_ALPHABET.length);
    // Loose: ±15 % is more than 6 standard deviations, so a fair generator does not fail it by chance.
    for (const [c, n] of counts) expect(Math.abs(n - expected) / expected, c).toBeLessThan(0.15);
  });

  it('rejects the bytes that would bias it (256 is not a multiple of 31)', () => {
    // Bytes 248..255 would favour the first 8 characters; they must be skipped, not folded in.
    let call = 0;
    const random = (n: number) => {
      call++;
      return new Uint8Array(n).fill(call === 1 ? 255 : 31 + 2); // first batch all rejected, then index 2 ("C")
    };
    expect(generateReference(random)).toBe('CCCCCCCCCC');
    expect(call).toBe(2);
  });

  it('maps a byte to the character at its index modulo 31', () => {
    const bytes = [0, 1, 30, 31, 32, 247, 62, 93, 124, 155];
    const reference = generateReference((n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length]!));
    expect(reference).toBe(bytes.map((b) => REFERENCE_ALPHABET[b % 31]).join(''));
  });

  it('does not repeat itself', () => {
    const seen = new Set(Array.from({ length: 2000 }, () => generateReference()));
    expect(seen.size).toBe(2000);
  });

  it('is shown in two groups of five', () => {
    expect(formatReference('K7M2Q9RTXW')).toBe('K7M2Q-9RTXW');
    expect(formatReference('SHORT')).toBe('SHORT');
  });
});
