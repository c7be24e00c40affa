// Messages between the incident team and the reporter about a sent report: the team's questions, the
// reporter's answers and the information a reporter adds later. The wire types and the text rules, shared by
// the console, the device and the endpoint (zod/mini). The reporter's words travel sealed, as reports do.
import * as z from 'zod/mini';
import { API_REPORTS } from './api.ts';
import { FORBIDDEN_MESSAGE, hasForbidden, normaliseText } from './text-rules.ts';
import { caseStatuses } from './wire.ts';

/** The cap on every message, as on a report's longest answers. */
export const MAX_MESSAGE = 5000;
/** A reply's JSON, sealed: 5,000 characters of up to 4 bytes each, with room for the rest. */
export const MAX_REPLY_BYTES = 32 * 1024;
/** Questions one case may hold: the reporter answers them on a phone. */
export const MAX_QUESTIONS_PER_CASE = 50;

/** What the reporter's device reads about one sent report: its status, since when, and the team's questions. */
export const reportNewsUrl = (id: string) => `${API_REPORTS}/${encodeURIComponent(id)}/news`;
/** Where the device sends an answer or added information (sealed), for one report. */
export const reportRepliesUrl = (id: string) => `${API_REPORTS}/${encodeURIComponent(id)}/replies`;

/** Free text as a report's answers are: NFC, trimmed, no hidden control characters, at most 5,000 characters. */
export const messageText = (what: string) =>
  z.string({ error: `Enter ${what}` }).check(
    z.overwrite(normaliseText),
    z.minLength(1, `Enter ${what}`),
    z.refine((v) => !hasForbidden(v), FORBIDDEN_MESSAGE),
    z.maxLength(MAX_MESSAGE, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${MAX_MESSAGE.toLocaleString('en-GB')} characters or fewer`),
  );

export const REPLY_KINDS = ['answer', 'addition'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

const instant = z.iso.datetime({ offset: true });

/**
 * What the device seals: the reporter's words and what they are about. The id is made on the device and is
 * the idempotency key (a resend gets the first receipt); an answer names its question, added information none.
 */
export const replySchema = z
  .strictObject({
    id: z.uuid(),
    reportId: z.uuid(),
    kind: z.enum(REPLY_KINDS),
    questionId: z.optional(z.uuid()),
    text: messageText('the text'),
    writtenAt: instant,
  })
  .check(
    z.refine((r) => (r.kind === 'answer') === (r.questionId !== undefined), {
      message: 'An answer names the question it answers; added information names none',
      path: ['questionId'],
    }),
  );
export type Reply = z.infer<typeof replySchema>;

/** The endpoint's receipt for a reply (201 new, 200 a resend of the same reply). */
export const replyReceiptSchema = z.strictObject({ id: z.uuid(), receivedAt: instant });
export type ReplyReceipt = z.infer<typeof replyReceiptSchema>;

export const newsQuestionSchema = z.object({
  id: z.uuid(),
  text: z.string().check(z.maxLength(MAX_MESSAGE)),
  askedAt: instant,
  /** When the reporter's first answer reached the endpoint (from any device). */
  answeredAt: z.nullable(instant),
});
export type NewsQuestion = z.infer<typeof newsQuestionSchema>;

/** GET /api/reports/:id/news: not strict, so the endpoint may tell more later without breaking installed apps. */
export const reportNewsSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(caseStatuses),
  /** When the report took this status for the reporter (received, being handled, closed). */
  statusSince: z.nullable(instant),
  questions: z.array(newsQuestionSchema).check(z.maxLength(MAX_QUESTIONS_PER_CASE)),
});
export type ReportNews = z.infer<typeof reportNewsSchema>;

/** POST /api/console/cases/:id/questions. */
export const askQuestionSchema = z.strictObject({ text: messageText('your question') });

export type MessageKind = 'question' | ReplyKind;

/** One message on a case, as the console shows it. */
export interface CaseMessage {
  id: string;
  kind: MessageKind;
  text: string;
  authorName: string;
  /** When the endpoint received it. */
  at: string;
  /** A reply: when the reporter wrote it on their device (it may have waited offline). */
  writtenAt: string | null;
  /** An answer: the question it answers. */
  questionId: string | null;
  /** A question: when its first answer arrived, or null while it waits. */
  answeredAt: string | null;
}

/** GET /api/console/cases/:id/messages. */
export interface CaseMessages {
  messages: CaseMessage[];
  /** Why the team cannot ask this reporter a question now (a closed case...), or null when it can. */
  cannotAsk: string | null;
}
