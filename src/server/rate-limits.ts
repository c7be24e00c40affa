// Requests per minute on the API: per client address, checked as soon as a request arrives (before its body
// is read), and per signed-in person (`request.user`, resolved from the session before any route hook). Behind a proxy, the client address is what
// TRUST_PROXY lets Fastify read from X-Forwarded-For. A refusal is a 429 with Retry-After (the device waits
// that long) and closes the connection (app.ts).
import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

const WINDOW_MS = 60_000;
// An IPv6 client is usually given a whole /64: counting each address apart would let it rotate them.
const IPV6_PREFIX = 64;

/** The signed-in person who sent a request, or undefined. */
export function signedInPerson(request: FastifyRequest): string | undefined {
  return request.user?.id || undefined;
}

export async function registerRateLimits(api: FastifyInstance, limits: { perAddress: number; perPerson: number }): Promise<void> {
  if (limits.perAddress <= 0 && limits.perPerson <= 0) return;
  await api.register(rateLimit, { global: false, timeWindow: WINDOW_MS });

  const limiter = (max: number, keyGenerator: (request: FastifyRequest) => string) => {
    const count = api.createRateLimit({ max, timeWindow: WINDOW_MS, keyGenerator });
    return async (request: FastifyRequest, reply: { header(name: string, value: unknown): unknown }) => {
      const result = await count(request);
      if (result.isAllowed || !result.isExceeded) return;
      reply.header('retry-after', result.ttlInSeconds);
      throw new ApiError(429, 'rate_limited', `Too many requests: try again in ${result.ttlInSeconds} s`);
    };
  };

  if (limits.perAddress > 0) {
    api.addHook('onRequest', limiter(limits.perAddress, (request) => `address:${normalizeIP(request.ip, IPV6_PREFIX)}`));
  }
  if (limits.perPerson > 0) {
    const perPerson = limiter(limits.perPerson, (request) => `person:${signedInPerson(request)}`);
    api.addHook('preHandler', async (request, reply) => {
      if (signedInPerson(request) !== undefined) await perPerson(request, reply);
    });
  }
}
