// The rules every piece of free text follows, whoever types it (a report's answers, a question from the team,
// a reporter's answer or added information): what counts as empty, and the characters refused. No dependencies.

// Invisible characters: a field holding only these (and spaces) is empty. (Tested as "holds no other
// character", which stops at the first visible one instead of copying the text.)
const VISIBLE = /[^\s\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/u;
export const isInvisibleText = (text: string) => !VISIBLE.test(text);

// NUL and other control characters, lone surrogates, and the bidirectional and format controls that can make
// text read differently from what it holds (CVE-2021-42574 "Trojan Source"). Tab and new lines are text.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
export const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');
// Every character FORBIDDEN can match, surrogates paired or not, in one class: most text holds none of them,
// and this scan is much cheaper than FORBIDDEN's (which looks around each surrogate).
const MAYBE_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]/;
export const hasForbidden = (text: string) => MAYBE_FORBIDDEN.test(text) && FORBIDDEN.test(text);
export const FORBIDDEN_MESSAGE = 'Remove the hidden control characters (they may have come with pasted text)';

// Text below U+0300 (Latin-1 and Latin Extended) is always in NFC: only text with later characters needs normalising.
const MAYBE_DENORMALISED = /[^\u0000-\u02ff]/;

/** Text as it is kept: NFC, trimmed, and nothing at all when it is only spaces and invisible characters. */
export const normaliseText = (text: string) => (isInvisibleText(text) ? '' : (MAYBE_DENORMALISED.test(text) ? text.normalize('NFC') : text).trim());
