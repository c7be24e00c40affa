// POST /api/reports (idempotent intake), POST /api/reports/batch (several at once, each as if alone) and GET
// /api/reports/:id/status, for signed-in reporters.
import type { FastifyPluginAsync } from 'fastify';
import * as z from 'zod/mini';
import { MAX_BATCH_REPORTS, reportBatchSchema, reportStatusUrl, type BatchResult } from '../../shared/wire.ts';
import { requireRole } from '../auth/index.ts';
import { ApiError, toErrorBody } from '../errors.ts';
import { admitReport, storeAdmitted } from '../intake/admit.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import type { ReportStore } from '../storage/report-store.ts';

const idSchema = z.uuid();

/** The id a report gives in clear (a sealed one's wrapper, or a plain one's own), for a batch's answer. */
function claimedId(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id.slice(0, 100) : null;
}

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

  // A device's outbox in one request rather than one each: each report gets the answer it would get alone, in
  // the order sent, and all are saved together (one transaction), answered once committed. A report refused
  // (4xx) does not hold up the others; a failure of the store (5xx) is the whole request's, which the device
  // sends again (what was stored then answers as a replay).
  app.post('/reports/batch', reporter, async (request, reply) => {
    if (request.body === undefined) throw new ApiError(415, 'unsupported_media_type', 'Send the reports as application/json');
    const batch = reportBatchSchema.safeParse(request.body);
    if (!batch.success) throw new ApiError(400, 'invalid_batch', `A batch must be {reports: [...]} with 1 to ${MAX_BATCH_REPORTS} reports`);
    const results = await Promise.all(
      batch.data.reports.map((item) =>
        admitReport(item, keyRing, request.log)
          .then((report) => storeAdmitted(store, report, request.user!.id))
          .then(
            (saved): BatchResult => ({ id: saved.receipt.id, status: saved.outcome === 'created' ? 201 : 200, receipt: saved.receipt }),
            (error: unknown): BatchResult => {
              if (!(error instanceof ApiError) || error.statusCode >= 500) throw error;
              return { id: claimedId(item), status: error.statusCode, ...toErrorBody(error, 0).body };
            },
          ),
      ),
    );
    return reply.header('cache-control', 'no-store').send({ results });
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
