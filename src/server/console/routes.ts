// The console's API (under /api/console, rate-limited with the rest of /api) and its page (/console, online
// only, never precached). Every route decides who may call it (access.ts); every input is parsed and capped.
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod';
import { verifyAuditChain } from '../audit/verify.ts';
import { ApiError } from '../errors.ts';
import { openAndAnnounce } from '../notify/loop.ts';
import { assignmentMessage } from '../notify/messages.ts';
import type { NotifyConfig } from '../notify/notify-config.ts';
import { enqueue, listNotifications } from '../notify/outbox.ts';
import type { CaseStore } from '../storage/case-store.ts';
import type { CaseChange } from '../../shared/console-api.ts';
import { hasAnyRole, READ_ROLES, requireUser, userOf, WRITE_ROLES } from './access.ts';
import { caseChangeSchema, queueQuerySchema } from './change-schema.ts';
import { regulatorRoutes } from './regulator-routes.ts';
import { consoleMessageRoutes } from '../messages/console-routes.ts';
import { messageStoreOf } from '../messages/message-store.ts';
import type { OrganisationDetails } from '../forms/ico-form.ts';
import { followUpsOf } from '../follow-ups/follow-ups.ts';

export const CONSOLE_HTML = 'console.html';
const idSchema = z.uuid();

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ApiError(400, 'invalid_request', `The ${what} is not valid`, result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  return result.data;
}

function caseId(params: { id: string }): string {
  if (!idSchema.safeParse(params.id).success) throw new ApiError(400, 'invalid_id', 'The case id must be a UUID');
  return params.id.toLowerCase();
}

export const consoleApiRoutes: FastifyPluginAsync<{ cases: CaseStore; notify: NotifyConfig; organisation: OrganisationDetails }> = async (app, { cases, notify, organisation }) => {
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  /** The case exists (a report that arrived since the loop's last pass is opened now), else 404. */
  const findCase = async (id: string) => {
    if (await cases.findCase(id)) return;
    if ((await openAndAnnounce(cases, notify)) > 0 && (await cases.findCase(id))) return;
    throw new ApiError(404, 'not_found', 'There is no case for this report');
  };
  await app.register(regulatorRoutes, { cases, organisation, findCase });
  await app.register(consoleMessageRoutes, { messages: messageStoreOf(cases), findCase });

  app.get('/console/me', async (request) => {
    const user = requireUser(request, READ_ROLES);
    await cases.recordStaff(user);
    return { user: { id: user.id, name: user.name, roles: user.roles }, canChange: hasAnyRole(user, WRITE_ROLES) };
  });

  app.get('/console/cases', async (request) => {
    requireUser(request, READ_ROLES);
    const { after, limit, ...filters } = parse(queueQuerySchema, request.query, 'queue request');
    return cases.queue(filters as Parameters<CaseStore['queue']>[0], after ?? null, limit);
  });

  app.get<{ Params: { id: string } }>('/console/cases/:id', async (request) => {
    const user = requireUser(request, READ_ROLES);
    const id = caseId(request.params);
    // A report that arrived since the loop's last pass is opened now rather than answered 404.
    let detail = await cases.readCase(id, user);
    if (!detail && (await openAndAnnounce(cases, notify)) > 0) detail = await cases.readCase(id, user);
    if (!detail) throw new ApiError(404, 'not_found', 'There is no case for this report');
    return { ...detail, followUps: await followUpsOf(cases.db, id) };
  });

  app.post<{ Params: { id: string } }>('/console/cases/:id/changes', async (request) => {
    const user = requireUser(request, WRITE_ROLES);
    const id = caseId(request.params);
    const change = parse(caseChangeSchema, request.body, 'change') as CaseChange;
    const { after } = await cases.change(id, user, change, async (trx, { before, after }) => {
      if (after.owner_id && after.owner_id !== before.owner_id && after.owner_id !== user.id) {
        const owner = await trx.selectFrom('console_staff').select(['email', 'name']).where('user_id', '=', after.owner_id).executeTakeFirst();
        if (owner) await enqueue(trx, [assignmentMessage(notify, { id, reference: after.reference, version: after.version }, owner, user.name)]);
      }
    });
    return { version: after.version, status: after.status };
  });

  app.get('/console/staff', async (request) => {
    requireUser(request, READ_ROLES);
    return cases.assignableStaff();
  });

  app.get('/console/notifications', async (request) => {
    requireUser(request, READ_ROLES);
    return { smtp: notify.smtpUrl !== undefined, notifications: await listNotifications(cases.db) };
  });

  app.get('/console/audit', async (request) => {
    requireUser(request, READ_ROLES);
    return verifyAuditChain(cases.db);
  });
};

/**
 * GET /console and everything under it: the console's own page. Nobody signed in is sent to sign in; a
 * signed-in person without a console role gets the page with a 403, and the page says why.
 */
export const consolePageRoutes: FastifyPluginAsync<{ staticDir: string; signInLocation: (returnTo: string) => string }> = async (app, { staticDir, signInLocation }) => {
  const file = path.join(staticDir, CONSOLE_HTML);
  const handler = async (request: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
    const user = userOf(request);
    if (!user) return reply.redirect(signInLocation(request.url), 302);
    if (!fs.existsSync(file)) throw new ApiError(503, 'app_not_built', 'The console has not been built: run "npm run build", then restart the endpoint');
    reply.header('cache-control', 'no-store');
    return reply.code(hasAnyRole(user, READ_ROLES) ? 200 : 403).type('text/html; charset=utf-8').send(fs.createReadStream(file));
  };
  app.get('/console', handler);
  app.get('/console/*', handler);
};
