// The reporter's side of messages, under /api (rate-limited with the rest): GET /reports/:id/news (the status,
// since when, and the team's questions) and POST /reports/:id/replies (an answer or added information, sealed
// as reports are). Only the signed-in reporter who sent the report; anyone else gets the answer for no report.
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod/mini';
import { issuesToFieldErrors } from '../../shared/report.ts';
import { MAX_REPLY_BYTES, replySchema } from '../../shared/messages.ts';
import { requireRole } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import { openSealed } from '../sealing/open-sealed.ts';
import type { MessageStore } from './message-store.ts';

const idSchema = z.uuid();

function reportIdOf(params: { id: string }): string {
  if (!idSchema.safeParse(params.id).success) throw new ApiError(400, 'invalid_id', 'The report id must be a UUID');
  return params.id.toLowerCase();
}

export const reporterMessageRoutes: FastifyPluginAsync<{ messages: MessageStore; keyRing: KeyRing }> = async (app, { messages, keyRing }) => {
  const reporter = { onRequest: requireRole('reporter') };

  app.get<{ Params: { id: string } }>('/reports/:id/news', reporter, async (request, reply) => {
    const news = await messages.news(reportIdOf(request.params), request.user!.id);
    if (!news) throw new ApiError(404, 'not_found', 'You have sent no report with this id');
    return reply.header('cache-control', 'no-store').send(news);
  });

  app.post<{ Params: { id: string } }>('/reports/:id/replies', reporter, async (request, reply) => {
    const reportId = reportIdOf(request.params);
    if (!(await messages.sentBy(reportId, request.user!.id))) throw new ApiError(404, 'not_found', 'You have sent no report with this id');
    if (request.body === undefined) throw new ApiError(415, 'unsupported_media_type', 'Send the reply as application/json');
    // Sealed only: the device seals every reply, and nothing else sends one.
    const opened = replySchema.safeParse(await openSealed(request.body, keyRing, { what: 'reply', maxBytes: MAX_REPLY_BYTES }));
    if (!opened.success) throw new ApiError(400, 'invalid_reply', 'The reply is not valid', issuesToFieldErrors(opened.error.issues));
    if (opened.data.reportId.toLowerCase() !== reportId) throw new ApiError(400, 'report_mismatch', 'The reply is about another report than the one in the address');
    const saved = await messages.receiveReply(opened.data, request.user!);
    return reply.code(saved.outcome === 'created' ? 201 : 200).header('cache-control', 'no-store').send(saved.receipt);
  });
};
