// Free text that looks like it holds the affected people's personal data. The reporter is warned, never
// blocked: the department must not send the affected people's data in the report (the regulator's form
// says so too), but a false alarm must not stop someone reporting a lost laptop.

export type PiiKind = 'ni-number' | 'email' | 'phone' | 'card-number' | 'postcode' | 'date-of-birth';

export const piiNames: Record<PiiKind, string> = {
  'ni-number': 'a National Insurance number',
  email: 'an email address',
  phone: 'a phone number',
  'card-number': 'a payment card number',
  postcode: 'a postcode',
  'date-of-birth': 'a date of birth',
};

// HMRC: two prefix letters (not D, F, I, Q, U, V; second not O; some pairs never issued), six digits, suffix A-D.
const NI = /\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/i;
const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(\.[A-Z0-9-]+)*\.[A-Z]{2,}/i;
// UK numbers: 07 mobiles, 01/02/03 landlines (0 and ten digits; nine for a few 01 areas), +44 forms, with the
// spaces and dashes people type (020 7946 0958, 0207 946 0958, +44 (0)20 7946 0958). 08 and 09 numbers are
// organisations (the IT Service Desk is 0800 917 5148), not people. Not after a letter: ticket numbers (INC0123456789).
const PHONE = /(?:^|[^\p{L}\p{N}+])((?:\+44\s?(?:\(?0\)?\s?)?|0)(?:[237](?:[\s-]?\d){9}|1(?:[\s-]?\d){8,9}))(?!\d)/u;
// Royal Mail formats: outward code A9, A99, AA9, AA99, A9A, AA9A; inward code 9AA.
const POSTCODE = /\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?(\d[ABD-HJLNP-UW-Z]{2}))\b/gi;
// "Wing A1 2nd landing", "B2 3rd floor": a lower-case ordinal is not an inward code.
const ORDINAL = /^\d(?:st|nd|rd|th)$/;
const CARD_CANDIDATE = /(?:\d[ -]?){13,19}/g;
const DOB_WORDS = /\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\b[\s:]*\S/i;
const NUMERIC_DATE = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})\b/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

function isCardNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  return digits.length >= 13 && digits.length <= 19 && !/^(\d)\1+$/.test(digits) && luhnValid(digits);
}

function hasCardNumber(text: string): boolean {
  return [...text.matchAll(CARD_CANDIDATE)].some((m) => isCardNumber(m[0]));
}

/** A card number's digits are not also read as a phone number; the text's other phone numbers still are. */
function hasPhoneNumber(text: string): boolean {
  return PHONE.test(text.replace(CARD_CANDIDATE, (m) => (isCardNumber(m) ? ' ' : m)));
}

function hasPostcode(text: string): boolean {
  return [...text.matchAll(POSTCODE)].some((m) => !ORDINAL.test(m[1] ?? ''));
}

// A date alone is often when the incident happened; a date far enough back to be a birth date (over 14
// years ago) or one next to "DOB" / "born" is what the warning is for.
function hasDateOfBirth(text: string, now: Date): boolean {
  if (DOB_WORDS.test(text)) return true;
  for (const m of text.matchAll(NUMERIC_DATE)) {
    let year = Number(m[3]);
    if (m[3]!.length === 2) continue;
    const day = Number(m[1]), month = Number(m[2]);
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    if (year >= 1900 && now.getFullYear() - year >= 14) return true;
  }
  return false;
}

/** Which kinds of personal data `text` seems to contain, in a stable order. */
export function detectPersonalData(text: string, now = new Date()): PiiKind[] {
  if (!text) return [];
  const found: PiiKind[] = [];
  if (NI.test(text)) found.push('ni-number');
  if (EMAIL.test(text)) found.push('email');
  if (hasPhoneNumber(text)) found.push('phone');
  if (hasCardNumber(text)) found.push('card-number');
  if (hasPostcode(text)) found.push('postcode');
  if (hasDateOfBirth(text, now)) found.push('date-of-birth');
  return found;
}

export function personalDataWarning(kinds: PiiKind[]): string | null {
  if (kinds.length === 0) return null;
  const names = kinds.map((k) => piiNames[k]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `This looks like it contains ${list}. Do not include the personal data of the people affected: describe it instead (for example "a list of 40 names and addresses"). The incident team will ask for details if they need them.`;
}
