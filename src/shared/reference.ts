// A reference the reporter can quote while still offline. 10 characters from an alphabet without the
// look-alikes 0/O, 1/I/L, so it survives being read out over the phone: 31^10 (about 8e14) values, so a
// collision is rare, and the endpoint checks uniqueness anyway and says in the receipt which one it kept.
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const REFERENCE_LENGTH = 10;
export const REFERENCE_PATTERN = /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{10}$/;

export function generateReference(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  let out = '';
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  const limit = 256 - (256 % REFERENCE_ALPHABET.length);
  while (out.length < REFERENCE_LENGTH) {
    for (const byte of random(REFERENCE_LENGTH * 2)) {
      if (byte < limit && out.length < REFERENCE_LENGTH) out += REFERENCE_ALPHABET[byte % REFERENCE_ALPHABET.length];
    }
  }
  return out;
}

/** ABCDE-FGHJK: easier to read out and copy. */
export function formatReference(reference: string): string {
  return reference.length === REFERENCE_LENGTH ? `${reference.slice(0, 5)}-${reference.slice(5)}` : reference;
}

const CHAR = `[${REFERENCE_ALPHABET}]`;
/** A reference as people type it: either case, with or without the hyphen (or a space) after five characters. */
export const TYPED_REFERENCE_PATTERN = new RegExp(`^${CHAR}{5}[\\s-]?${CHAR}{5}$`, 'i');
const REFERENCE_IN_TEXT = new RegExp(`(?<![A-Z0-9])${CHAR}{5}[ -]?${CHAR}{5}(?![A-Z0-9])`, 'gi');

/** The reference in a typed answer ('7kq2m-xh4pd ' is 7KQ2MXH4PD), or undefined when it is not one. */
export function parseReference(text: string): string | undefined {
  const trimmed = text.trim();
  return TYPED_REFERENCE_PATTERN.test(trimmed) ? trimmed.replace(/[\s-]/g, '').toUpperCase() : undefined;
}

/** Every reference written somewhere in free text ("our ref W7X8Y-9Z2A3"), in order, without repeats. */
export function referencesIn(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE_IN_TEXT)].map((m) => m[0].replace(/[\s-]/g, '').toUpperCase()))];
}
