// Wire types of every endpoint call and every page <-> service worker message. Both sides parse what
// arrives with these: a response is untrusted input too (a captive portal answers 200 with HTML).
import * as z from 'zod/mini';
import { ROLES } from './auth.ts';
import { REFERENCE_PATTERN } from './reference.ts';

export { API_REPORTS, reportStatusUrl, SYNC_TAG } from './api.ts';

/** What the endpoint answers when it has durably stored a report (201 new, 200 replay of the same report). */
export const receiptSchema = z.strictObject({
  id: z.uuid(),
  reference: z.string().check(z.regex(REFERENCE_PATTERN)),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type Receipt = z.infer<typeof receiptSchema>;

export const caseStatuses = ['received', 'being-handled', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
export const statusResponseSchema = z.strictObject({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(caseStatuses),
});
export type StatusResponse = z.infer<typeof statusResponseSchema>;

/** Every error the endpoint sends: a stable code, a message a person can act on, and field errors for 400. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  fields: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** GET /api/me (see auth.ts). Not strict: the endpoint may tell more later without breaking older apps. */
export const meResponseSchema = z.object({
  user: z.nullable(z.object({ id: z.string(), name: z.string(), email: z.string(), roles: z.array(z.enum(ROLES)) })),
  demo: z.boolean(),
});

export const pageToWorkerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('SKIP_WAITING') }),
  z.object({ type: z.literal('FLUSH_OUTBOX') }),
]);
export type PageToWorkerMessage = z.infer<typeof pageToWorkerMessage>;

/** What every open page hears about the outbox (BroadcastChannel 'report-outbox'), from a tab or the worker. */
export const outboxEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('OUTBOX_CHANGED') }),
  z.object({ type: z.literal('OUTBOX_PROGRESS'), done: z.number(), total: z.number() }),
  z.object({ type: z.literal('REPORT_SENT'), id: z.string(), reference: z.string() }),
]);
export type OutboxEvent = z.infer<typeof outboxEvent>;
