// POST /api/reports (idempotent intake) and GET /api/reports/:id/status, for signed-in reporters.
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod/mini';
import { reportStatusUrl } from '../../shared/wire.ts';
import { requireRole } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { admitReport, storeAdmitted } from '../intake/admit.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import type { ReportStore } from '../storage/report-store.ts';

const idSchema = z.uuid();

export const reportRoutes: FastifyPluginAsync<{ store: ReportStore; keyRing: KeyRing }> = async (app, { store, keyRing }) => {
  // Writing a report needs no session (the device does it offline); sending one does. The check runs before
  // the body is read. A reporter sees the status of their own reports only.
  const reporter = { onRequest: requireRole('reporter') };

  app.post('/reports', reporter, async (request, reply) => {
    // Fastify answers 415 for a type it has no parser for; a request with no body and no type gets here.
    if (request.body === undefined) throw new ApiError(415, 'unsupported_media_type', 'Send the report as application/json');
    const report = await admitReport(request.body, keyRing, request.log);
    const saved = await storeAdmitted(store, report, request.user!.id);
    return reply
      .code(saved.outcome === 'created' ? 201 : 200)
      .header('location', reportStatusUrl(saved.receipt.id))
      .header('cache-control', 'no-store')
      .send(saved.receipt);
  });

  app.get<{ Params: { id: string } }>('/reports/:id/status', reporter, async (request, reply) => {
    const { id } = request.params;
    if (!idSchema.safeParse(id).success) throw new ApiError(400, 'invalid_id', 'The report id must be a UUID');
    // Another person's report answers as no report at all, so that ids cannot be probed.
    const status = await store.findStatus(id, request.user!.id);
    if (!status) throw new ApiError(404, 'not_found', 'You have sent no report with this id');
    return reply.header('cache-control', 'no-store').send(status);
  });
};
