// The session cookie and `request.user`: resolved once per request under /api, /auth and /console, from the
// session rows in the store (never from process memory, so several endpoint processes agree).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SessionUser } from '../../shared/auth.ts';
import { ApiError } from '../errors.ts';
import type { SessionStore, SessionTimes } from '../storage/session-store.ts';
import { clearCookie, cookieNames, readCookie, setCookie, type CookieNames } from './cookies.ts';

/** Paths whose requests carry a signed-in person; the rest (the app's static files) skip the lookup. */
const SIGNED_IN_PATHS = /^\/(api|auth|console)(\/|\?|$)/;

export class Sessions {
  readonly cookies: CookieNames;

  constructor(
    private readonly store: SessionStore,
    readonly times: SessionTimes,
    /** An https site: cookies are Secure and __Host- prefixed. */
    readonly secure: boolean,
  ) {
    this.cookies = cookieNames(secure);
  }

  /** Adds `request.user` to every request, and the hook that fills it in. */
  install(app: FastifyInstance): void {
    app.decorateRequest('user', null);
    app.addHook('onRequest', async (request, reply) => {
      if (!SIGNED_IN_PATHS.test(request.url)) return;
      request.user = await this.userOf(request, reply);
    });
  }

  private async userOf(request: FastifyRequest, reply: FastifyReply): Promise<SessionUser | null> {
    const token = readCookie(request, this.cookies.session);
    if (!token) return null;
    let user: SessionUser | null;
    try {
      user = await this.store.findSessionUser(token, this.times);
    } catch (error) {
      request.log.warn({ failure: { message: (error as Error)?.message } }, 'session lookup failed');
      throw new ApiError(503, 'unavailable', 'The service is unavailable: try again later');
    }
    // An ended or unknown session: drop the cookie so the browser stops sending it.
    if (!user) clearCookie(reply, this.cookies.session, { secure: this.secure });
    return user;
  }

  /** Signs `user` in on this browser (ending the session it had, if any). */
  async start(request: FastifyRequest, reply: FastifyReply, user: SessionUser): Promise<void> {
    const previous = readCookie(request, this.cookies.session);
    if (previous) await this.store.deleteSession(previous);
    const { token } = await this.store.createSession(user, this.times);
    setCookie(reply, this.cookies.session, token, { secure: this.secure, maxAgeSeconds: this.times.maxAgeMs / 1000 });
  }

  /** Signs this browser out: the session row goes, and the cookie with it. */
  async end(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = readCookie(request, this.cookies.session);
    if (token) await this.store.deleteSession(token);
    clearCookie(reply, this.cookies.session, { secure: this.secure });
  }
}
