// The rules every piece of free text follows, whoever types it (a report's answers, a question from the team,
// a reporter's answer or added information): what counts as empty, and the characters refused. No dependencies.

// Invisible characters: a field holding only these (and spaces) is empty.
const INVISIBLE = /[\s\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0]/gu;
export const isInvisibleText = (text: string) => text.replace(INVISIBLE, '') === '';

// NUL and other control characters, lone surrogates, and the bidirectional and format controls that can make
// text read differently from what it holds (CVE-2021-42574 "Trojan Source"). Tab and new lines are text.
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/u;
export const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, 'gu');
export const hasForbidden = (text: string) => FORBIDDEN.test(text);
export const FORBIDDEN_MESSAGE = 'Remove the hidden control characters (they may have come with pasted text)';

/** Text as it is kept: NFC, trimmed, and nothing at all when it is only spaces and invisible characters. */
export const normaliseText = (text: string) => (isInvisibleText(text) ? '' : text.normalize('NFC').trim());
