// GET /healthz: 200 when the store answers, 503 when it does not (for load balancers and `startEndpoint`).
import type { FastifyPluginAsync } from 'fastify';
import { ApiError } from '../errors.ts';
import type { ReportStore } from '../storage/report-store.ts';

export const healthRoutes: FastifyPluginAsync<{ store: ReportStore }> = async (app, { store }) => {
  app.get('/healthz', async (request, reply) => {
    try {
      await store.ping();
    } catch (error) {
      request.log.warn({ failure: { message: (error as Error)?.message } }, 'store not answering');
      throw new ApiError(503, 'store_unavailable', 'The report store is not answering');
    }
    return reply.header('cache-control', 'no-store').send({ status: 'ok', store: store.dialect });
  });
};
