// Wire types of every endpoint call and every page <-> service worker message. Both sides parse what
// arrives with these: a response is untrusted input too (a captive portal answers 200 with HTML).
import * as z from 'zod/mini';
import { REFERENCE_PATTERN } from './reference.ts';

export { API_REPORT_BATCH, API_REPORTS, reportStatusUrl, SYNC_TAG } from './api.ts';

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

/** POST /api/reports/batch: 1 to MAX_BATCH_REPORTS reports, each as POST /api/reports takes it (sealed, from a device). */
export const MAX_BATCH_REPORTS = 20;
export const reportBatchSchema = z.strictObject({
  reports: z.array(z.unknown()).check(z.minLength(1), z.maxLength(MAX_BATCH_REPORTS)),
});
/**
 * What became of each report of a batch, in the order sent: 201 or 200 with its receipt (as POST
 * /api/reports answers), or the status and error body that route would have answered for it alone. `id` is
 * the id the report gave in clear (null when it gave none).
 */
export const batchResultSchema = z.union([
  z.strictObject({ id: z.string(), status: z.union([z.literal(200), z.literal(201)]), receipt: receiptSchema }),
  z.strictObject({ id: z.nullable(z.string()), status: z.number(), error: z.string(), message: z.string(), fields: z.optional(errorBodySchema.shape.fields) }),
]);
export type BatchResult = z.infer<typeof batchResultSchema>;
export const batchAnswerSchema = z.strictObject({ results: z.array(batchResultSchema) });

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
