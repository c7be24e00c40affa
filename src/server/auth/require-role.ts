// Who may call a route. `request.user` is set for every request under /api, /auth and /console (see
// session.ts); a route that needs someone signed in adds `requireRole(...)` as a hook.
import type { FastifyRequest } from 'fastify';
import type { Role, SessionUser } from '../../shared/auth.ts';
import { ApiError } from '../errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null. Resolved from the session cookie before any route hook runs. */
    user: SessionUser | null;
  }
}

/**
 * A hook that lets through a signed-in person with at least one of `roles` (any signed-in person when none
 * are named): 401 for nobody signed in (or an ended session), 403 for someone without the role. Use it as
 * `onRequest` (refused before the body is even read) or `preHandler`.
 */
export function requireRole(...roles: Role[]) {
  return async function checkRole(request: FastifyRequest): Promise<void> {
    const user = request.user;
    if (!user) throw new ApiError(401, 'sign_in_required', 'Sign in to do this');
    if (roles.length > 0 && !roles.some((role) => user.roles.includes(role))) {
      throw new ApiError(403, 'forbidden', `Only ${roles.join(' or ')} users may do this`);
    }
  };
}
