// The team's side of messages, under /api/console: every message of a case (whoever may read the console), and
// a question to the reporter (incident managers and DPOs). The question lands on the case's timeline and in
// the audit chain in the same transaction; the reporter's device fetches it on its next sync.
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod/mini';
import { askQuestionSchema } from '../../shared/messages.ts';
import { issuesToFieldErrors } from '../../shared/report.ts';
import { READ_ROLES, requireUser, WRITE_ROLES } from '../console/access.ts';
import { ApiError } from '../errors.ts';
import type { MessageStore } from './message-store.ts';

const idSchema = z.uuid();

function caseIdOf(params: { id: string }): string {
  if (!idSchema.safeParse(params.id).success) throw new ApiError(400, 'invalid_id', 'The case id must be a UUID');
  return params.id.toLowerCase();
}

export const consoleMessageRoutes: FastifyPluginAsync<{ messages: MessageStore; findCase: (id: string) => Promise<void> }> = async (app, { messages, findCase }) => {
  app.get<{ Params: { id: string } }>('/console/cases/:id/messages', async (request) => {
    requireUser(request, READ_ROLES);
    const id = caseIdOf(request.params);
    await findCase(id);
    return messages.forCase(id);
  });

  app.post<{ Params: { id: string } }>('/console/cases/:id/questions', async (request, reply) => {
    const user = requireUser(request, WRITE_ROLES);
    const id = caseIdOf(request.params);
    const body = askQuestionSchema.safeParse(request.body);
    if (!body.success) throw new ApiError(400, 'invalid_request', 'The question is not valid', issuesToFieldErrors(body.error.issues));
    await findCase(id);
    return reply.code(201).send(await messages.ask(id, user, body.data.text));
  });
};
