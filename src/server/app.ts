// Builds the endpoint (API + the built PWA) without listening, so tests can `inject` or listen on a free port.
// server.ts listens and shuts down; config.ts reads the environment.
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions, type RouteOptions } from 'fastify';
import helmet from 'helmet';
import { API_REPORTS } from '../shared/wire.ts';
import { setUpAuth } from './auth/index.ts';
import { defaultConfig, type ServerConfig } from './config.ts';
import { limitConnectionsPerAddress } from './connection-limits.ts';
import { ApiError, errorHandler } from './errors.ts';
import { setUpConsole, type ConsoleOptions } from './console/index.ts';
import { scheduleDisposal } from './disposal/schedule.ts';
import { checkJsonShape } from './json-shape.ts';
import { inlineStyleHashes, registerPwa } from './pwa.ts';
import { registerRateLimits } from './rate-limits.ts';
import { healthRoutes } from './routes/health.ts';
import { jwksRoutes } from './routes/jwks.ts';
import { reportRoutes } from './routes/reports.ts';
import { sealedImportRoutes } from './console/import-routes.ts';
import { messageStoreOf } from './messages/message-store.ts';
import { reporterMessageRoutes } from './messages/reporter-routes.ts';
import { openKeyRing } from './sealing/key-ring.ts';
import { openReportStore, type ReportStore, type StoreLocation } from './storage/report-store.ts';

export interface AppOptions {
  /** Settings over the defaults (those of an empty environment). */
  config?: Partial<ServerConfig>;
  /** A store opened by the caller, who then closes it; by default the app opens one from `config` and closes it on `app.close()`. */
  store?: ReportStore;
  /** Fastify's logger option; by default JSON lines (pino) at `config.logLevel`. */
  logger?: FastifyServerOptions['logger'];
  /** The incident team's console: notification settings over the environment's, and its loop's timer. */
  console?: ConsoleOptions;
  /** Told of every route as it is added (the authorization matrix test lists them all this way). */
  onRoute?: (route: RouteOptions) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: ReportStore;
  }
}

export function storeLocation(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): StoreLocation {
  return config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir };
}

/**
 * The app's CSP; `formActionOrigins` adds the identity provider, where the sign-in and sign-out forms lead, and
 * `styleHashes` the start page's own stylesheet (see inlineStyleHashes).
 */
export const contentSecurityPolicy = (formActionOrigins: string[] = [], styleHashes: string[] = []) => ({
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", ...styleHashes],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'", ...formActionOrigins],
  frameAncestors: ["'none'"],
});

// Answers given before the request body was read, or to a client sending too much: the connection is closed,
// so that the client cannot go on using it (and the endpoint does not read and discard what is left).
const CLOSING_STATUSES = new Set([408, 413, 415, 429]);

// Node checks the header and request timeouts this often (its default, 30 s, would let a slow request live
// up to 30 s past its timeout).
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

export async function buildApp(options: AppOptions = {}): Promise<FastifyInstance> {
  const defaults = defaultConfig();
  const config: ServerConfig = {
    ...defaults,
    // A caller that moves the data directory moves the keys with it, unless it names them.
    sealKeyDir: options.config?.dataDir ? path.join(options.config.dataDir, 'sealing-keys') : defaults.sealKeyDir,
    ...options.config,
  };
  // Before anything listens: an endpoint that cannot open its keys cannot open a single report.
  const keyRing = await openKeyRing(config.sealKeyDir);
  const handleError = errorHandler(config.bodyLimit);
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Fastify logs no bodies; these keep credentials out too once sign-in arrives.
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'body', 'req.body'], censor: '[redacted]' },
    },
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    return503OnClosing: true,
    // Slow clients (see config.ts): headers, the whole request, an idle keep-alive connection, a silent socket.
    http: { headersTimeout: config.headersTimeoutMs, connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS },
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    // Errors Fastify meets before routing (a malformed URL) get the same error body as every other.
    frameworkErrors: (error, request, reply) => handleError(error, request, reply),
  });
  app.server.maxConnections = config.maxConnections;
  limitConnectionsPerAddress(app.server, config.maxConnectionsPerAddress, config.trustProxy);
  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  const ownStore = !options.store;
  let store: ReportStore;
  try {
    store =
      options.store ??
      (await openReportStore(storeLocation(config), {
        onBackgroundError: (error) => app.log.warn({ failure: { message: error.message } }, 'database connection error'),
      }));
  } catch (error) {
    await app.close();
    throw error;
  }
  if (ownStore) app.addHook('onClose', async () => store.close());
  app.decorate('store', store);

  // Once closing, answers to requests still in flight end their connection, so that `close()` does not
  // wait for the client to drop an idle keep-alive connection.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing || CLOSING_STATUSES.has(reply.statusCode)) reply.header('connection', 'close');
  });

  // Bodies are read as sent: a compressed one would reach the JSON parser as bytes and get a 400, which the
  // device takes as final, whereas 415 says what to change.
  app.addHook('onRequest', async (request) => {
    const encoding = request.headers['content-encoding']?.trim().toLowerCase();
    const hasBody = (request.headers['content-length'] ?? '0') !== '0' || request.headers['transfer-encoding'] !== undefined;
    if (hasBody && encoding && encoding !== 'identity') {
      throw new ApiError(415, 'unsupported_content_encoding', 'The request body must not be compressed: send it without Content-Encoding');
    }
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== undefined) checkJsonShape(request.body);
  });

  // JSON only: a text/plain body gets 415 rather than a string that fails validation.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(handleError);

  let auth;
  try {
    auth = await setUpAuth(app, config, store);
  } catch (error) {
    await app.close();
    throw error;
  }

  // Helmet's headers on every answer, its middleware made once (its Fastify plugin made it again per request).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(auth.formActionOrigins, inlineStyleHashes(config.staticDir)) },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined)));

  const rateLimited = (scope: FastifyInstance) =>
    registerRateLimits(scope, { perAddress: config.rateLimitMax, perPerson: config.rateLimitPersonMax });

  const incidentConsole = setUpConsole(app, store, config, options.console);
  await app.register(healthRoutes, { store });
  await app.register(jwksRoutes, { keyRing });
  await app.register(async (scope) => {
    await rateLimited(scope);
    await scope.register(auth.routes);
  });
  await app.register(
    async (api) => {
      await rateLimited(api);
      await api.register(reportRoutes, { store, keyRing });
      await api.register(reporterMessageRoutes, { messages: messageStoreOf(store), keyRing });
      await api.register(incidentConsole.apiRoutes);
      await api.register(sealedImportRoutes, { store, keyRing });
      await api.register(auth.meRoutes);
    },
    { prefix: API_REPORTS.replace(/\/reports$/, '') },
  );
  await app.register(incidentConsole.pageRoutes);
  await registerPwa(app, config.staticDir);
  scheduleDisposal(app, config.retentionYears);
  return app;
}
