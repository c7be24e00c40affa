// GET /auth/sign-in, GET /auth/callback, POST /auth/sign-out (other tools and the tests rely on these three
// addresses) and GET /api/me (who is signed in, for the app).
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AUTH_CALLBACK, AUTH_SIGN_IN, AUTH_SIGN_OUT, signInLocation, type MeResponse } from '../../shared/auth.ts';
import { ApiError } from '../errors.ts';
import type { SessionStore } from '../storage/session-store.ts';
import { clearCookie, readCookie, setCookie } from './cookies.ts';
import { escapeHtml, sendPage } from './html.ts';
import { OidcClient } from './oidc-client.ts';
import { userFromClaims, type RoleMapping } from './claims.ts';
import { safeReturnTo } from './return-to.ts';
import { isSameOriginRequest } from './same-origin.ts';
import type { Sessions } from './session.ts';

export interface AuthRouteOptions {
  sessions: Sessions;
  store: SessionStore;
  oidc: OidcClient;
  roles: RoleMapping;
  appOrigin: () => string;
}

// A sign-in must be finished within this long (the provider's own form included).
const SIGN_IN_TTL_MS = 15 * 60_000;
// Abandoned sign-ins and ended sessions are swept at most this often, on sign-in.
const SWEEP_INTERVAL_MS = 60_000;

export const authRoutes: FastifyPluginAsync<AuthRouteOptions> = async (app, { sessions, store, oidc, roles, appOrigin }) => {
  let lastSweep = 0;
  const sweep = (request: FastifyRequest) => {
    if (Date.now() - lastSweep < SWEEP_INTERVAL_MS) return;
    lastSweep = Date.now();
    store.deleteExpired(sessions.times).catch((error: unknown) => request.log.warn({ failure: { message: (error as Error)?.message } }, 'could not sweep ended sessions'));
  };
  const secure = { secure: sessions.secure };
  // The app's Sign out is a plain HTML form (a POST with an empty urlencoded body): accepted, and ignored.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, _body, done) => done(null, undefined));

  app.get<{ Querystring: { returnTo?: string } }>(AUTH_SIGN_IN, async (request, reply) => {
    const pending = OidcClient.newSignIn(safeReturnTo(request.query.returnTo));
    let location: URL;
    try {
      location = await oidc.authorizationUrl(pending);
    } catch (error) {
      return providerUnavailable(request, reply, error, pending.returnTo);
    }
    const token = await store.saveSignIn(pending, SIGN_IN_TTL_MS);
    setCookie(reply, sessions.cookies.signIn, token, { ...secure, maxAgeSeconds: SIGN_IN_TTL_MS / 1000 });
    sweep(request);
    return reply.header('cache-control', 'no-store').redirect(location.href, 303);
  });

  app.get<{ Querystring: Record<string, string | undefined> }>(AUTH_CALLBACK, async (request, reply) => {
    const token = readCookie(request, sessions.cookies.signIn);
    const pending = token ? await store.takeSignIn(token) : undefined;
    clearCookie(reply, sessions.cookies.signIn, secure);
    if (!pending) {
      return sendPage(reply, 400, 'Sign-in was not finished', `<p>This sign-in has expired or was already used. <a href="${escapeHtml(signInLocation('/'))}">Sign in again</a>.</p>`);
    }
    const again = `<p><a href="${escapeHtml(signInLocation(pending.returnTo))}">Sign in again</a> or <a href="${escapeHtml(pending.returnTo)}">go back to the app</a>. Your reports are still saved on this device.</p>`;
    if (request.query.error) {
      request.log.info({ error: String(request.query.error).slice(0, 100) }, 'sign-in refused by the provider');
      return sendPage(reply, 400, 'You are not signed in', again);
    }
    let claims: Record<string, unknown>;
    try {
      claims = await oidc.finishSignIn(new URL(request.url, appOrigin()), pending);
    } catch (error) {
      request.log.warn({ failure: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'sign-in failed');
      return sendPage(reply, 400, 'Sign-in did not work', again);
    }
    const user = userFromClaims(claims, roles);
    if (!user) return sendPage(reply, 400, 'Sign-in did not work', again);
    await sessions.start(request, reply, user);
    request.log.info({ user: user.id, roles: user.roles }, 'signed in');
    return reply.header('cache-control', 'no-store').redirect(pending.returnTo, 303);
  });

  app.post(AUTH_SIGN_OUT, async (request, reply) => {
    if (!isSameOriginRequest(request, appOrigin(), { requireBrowserProof: true })) {
      throw new ApiError(403, 'cross_site', 'Sign out from the app itself');
    }
    await sessions.end(request, reply);
    // Then out of the provider too (where it allows it), so that the next person on this device must sign in.
    let location = '/';
    try {
      location = (await oidc.endSessionUrl())?.href ?? '/';
    } catch (error) {
      request.log.warn({ failure: { message: (error as Error)?.message } }, 'provider not reachable for sign-out');
    }
    return reply.header('cache-control', 'no-store').redirect(location, 303);
  });
};

function providerUnavailable(request: FastifyRequest, reply: FastifyReply, error: unknown, returnTo: string) {
  request.log.warn({ failure: { type: (error as Error)?.name, message: (error as Error)?.message } }, 'identity provider not reachable');
  return sendPage(
    reply,
    503,
    'Signing in is not available just now',
    `<p>The sign-in service is not answering. Your reports are still saved on this device and will be sent once you have signed in.</p><p><a href="${escapeHtml(returnTo)}">Go back to the app</a></p>`,
  );
}

/** GET /api/me, under the /api prefix. */
export const meRoutes: FastifyPluginAsync<{ demo: boolean }> = async (app, { demo }) => {
  app.get('/me', async (request, reply) => {
    const body: MeResponse = { user: request.user, demo };
    return reply.header('cache-control', 'no-store').send(body);
  });
};
