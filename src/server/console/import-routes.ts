// POST /api/console/import-sealed: the console's "Import sealed reports" page sends a file of sealed reports
// that a device that is never online saved; imported as `npm run import` does (src/server/intake/sealed-file.ts),
// all or nothing, each report once. Incident managers only: they take in reports that came another way.
import type { FastifyPluginAsync } from 'fastify';
import { requireRole } from '../auth/index.ts';
import { ApiError } from '../errors.ts';
import { checkSealedFile, importSealedFile, SealedFileRefused } from '../intake/sealed-file.ts';
import type { KeyRing } from '../sealing/key-ring.ts';
import type { ReportStore } from '../storage/report-store.ts';

/** A file from the console: hundreds of reports as devices send them; a larger one goes through `npm run import`. */
export const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

export const sealedImportRoutes: FastifyPluginAsync<{ store: ReportStore; keyRing: KeyRing }> = async (app, { store, keyRing }) => {
  // Refused before the body is read: only an incident manager may send 32 MB here.
  app.post('/console/import-sealed', { onRequest: requireRole('incident-manager'), bodyLimit: IMPORT_BODY_LIMIT }, async (request, reply) => {
    if (request.body === undefined) throw new ApiError(415, 'unsupported_media_type', 'Send the file as application/json');
    try {
      const reports = await importSealedFile(checkSealedFile(request.body), { keyRing, store, log: request.log });
      request.log.info({ importedBy: request.user!.id, reports: reports.length, stored: reports.filter((r) => r.outcome === 'created').length }, 'sealed reports imported');
      return reply.header('cache-control', 'no-store').send({ reports });
    } catch (error) {
      if (error instanceof SealedFileRefused) throw new ApiError(400, 'sealed_file_refused', `Nothing was imported. ${error.message}.`);
      throw error;
    }
  });
};
