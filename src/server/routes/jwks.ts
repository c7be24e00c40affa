// GET /.well-known/jwks.json: the public keys devices seal reports to (public: anyone may read them).
import type { FastifyPluginAsync } from 'fastify';
import { JWKS_PATH } from '../../shared/sealing.ts';
import type { KeyRing } from '../sealing/key-ring.ts';

export const jwksRoutes: FastifyPluginAsync<{ keyRing: KeyRing }> = async (app, { keyRing }) => {
  app.get(JWKS_PATH, async (_request, reply) =>
    // Revalidated on each use, so that a rotation reaches devices as soon as they are online.
    reply.header('cache-control', 'no-cache').type('application/jwk-set+json').send(keyRing.jwks()),
  );
};
