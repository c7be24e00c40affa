// Sign-in and roles for the endpoint. What other code uses:
//   request.user: SessionUser | null        (every request under /api, /auth, /console)
//   requireRole(...roles)                   (a route hook: 401 nobody signed in, 403 without the role)
//   signInLocation(returnTo)                (where to send a browser to sign in, e.g. from /console)
//   Role, ROLES, SessionUser                (src/shared/auth.ts, shared with the app)
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { devProviderRefusal, type ServerConfig } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { ReportStore } from '../storage/report-store.ts';
import { OidcClient } from './oidc-client.ts';
import { authRoutes, meRoutes } from './routes.ts';
import { isSameOriginRequest } from './same-origin.ts';
import { Sessions } from './session.ts';

export { ROLES, signInLocation, type Role, type SessionUser } from '../../shared/auth.ts';
export { requireRole } from './require-role.ts';
export { DEMO_USERS } from './demo-users.ts';

export interface Auth {
  /** Origins that forms on the app's pages may lead to (the provider's sign-in and sign-out): for the CSP. */
  formActionOrigins: string[];
  /** True when the development provider signs people in. */
  demo: boolean;
  /** The /auth routes, to register (under a rate limit). */
  routes: FastifyPluginAsync;
  /** GET /me, to register under /api. */
  meRoutes: FastifyPluginAsync;
}

/**
 * Sets up sign-in on `app`: `request.user` on every request, a cross-site check on state-changing requests,
 * and (with no OIDC_ISSUER) the development provider on its own listener, closed with the app. The caller
 * registers the returned route plugins.
 */
export async function setUpAuth(app: FastifyInstance, config: ServerConfig, store: ReportStore): Promise<Auth> {
  // Read from the listener once it listens (every state-changing request compares its Origin with it).
  let listening: string | undefined;
  const appOrigin = () => config.publicUrl ?? (listening ??= listeningOrigin(app, config.host));
  const secure = config.publicUrl?.startsWith('https:') ?? false;
  const sessions = new Sessions(store.sessions, { idleMs: config.sessionIdleMs, maxAgeMs: config.sessionMaxMs }, secure);

  let oidc: OidcClient;
  let demo = false;
  if (config.oidc) {
    oidc = new OidcClient({ ...config.oidc, scopes: config.oidcScopes, allowInsecure: false, appOrigin });
  } else {
    const refusal = devProviderRefusal({ host: config.host, production: config.production || process.env.NODE_ENV === 'production' });
    if (refusal) throw new Error(refusal);
    // Loaded only here: oidc-provider adds ~40 MB to the process, which a real provider's endpoint never needs.
    const { startDevProvider } = await import('./dev-provider.ts');
    let provider;
    try {
      provider = await startDevProvider({ port: config.devOidcPort, appOrigin, roleGroups: config.roleGroups, groupsClaim: config.groupsClaim });
    } catch (error) {
      throw new Error(`the development sign-in provider could not listen on localhost:${config.devOidcPort} (${(error as Error).message}); set DEV_OIDC_PORT to a free port`);
    }
    app.addHook('onClose', async () => provider.close());
    app.log.info({ issuer: provider.issuer }, 'development sign-in provider: demo users only, for trying the service (set OIDC_ISSUER to use a real one)');
    oidc = new OidcClient({ issuer: provider.issuer, clientId: provider.clientId, clientSecret: provider.clientSecret, scopes: config.oidcScopes, allowInsecure: true, appOrigin });
    demo = true;
  }

  // State-changing requests from another site's pages are refused before anything else happens.
  app.addHook('onRequest', async (request) => {
    if (!isSameOriginRequest(request, appOrigin())) throw new ApiError(403, 'cross_site', 'This request came from another site');
  });
  sessions.install(app);

  const roles = { groupsClaim: config.groupsClaim, roleGroups: config.roleGroups };
  return {
    formActionOrigins: [new URL(oidc.issuer).origin],
    demo,
    routes: async (scope) => scope.register(authRoutes, { sessions, store: store.sessions, oidc, roles, appOrigin }),
    meRoutes: async (scope) => scope.register(meRoutes, { demo }),
  };
}

/** http://HOST:port of the listener, for when PUBLIC_URL is not set (loopback: config.ts requires it otherwise). */
function listeningOrigin(app: FastifyInstance, host: string): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('The endpoint is not listening yet, and PUBLIC_URL is not set');
  const bare = host.replace(/^\[|\]$/g, '');
  return `http://${bare.includes(':') ? `[${bare}]` : bare}:${address.port}`;
}
