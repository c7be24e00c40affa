// Who may use the console. Reading (the queue, a case, notifications, the audit check): incident managers,
// data protection officers and read-only users. Changing a case: incident managers and DPOs.
// The person comes from sign-in (`request.user`, src/server/auth); this module names the console's roles once.
import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../../shared/auth.ts';
import { ApiError } from '../errors.ts';

export type ConsoleRole = 'incident-manager' | 'dpo' | 'read-only';
export const READ_ROLES: ConsoleRole[] = ['incident-manager', 'dpo', 'read-only'];
export const WRITE_ROLES: ConsoleRole[] = ['incident-manager', 'dpo'];

export type ConsoleUser = SessionUser;

/** The signed-in person (set by sign-in for every /api and /console request), or null. */
export function userOf(request: FastifyRequest): ConsoleUser | null {
  return request.user;
}

export function hasAnyRole(user: ConsoleUser | null, roles: readonly ConsoleRole[]): boolean {
  return user !== null && roles.some((r) => user.roles.includes(r));
}

/**
 * The signed-in person with one of `roles`, or the 401/403 the route answers (sign-in's `requireRole`, here as
 * a call so that the handler gets the person back typed).
 */
export function requireUser(request: FastifyRequest, roles: readonly ConsoleRole[]): ConsoleUser {
  const user = userOf(request);
  if (!user) throw new ApiError(401, 'sign_in_required', 'Sign in to do this');
  if (!hasAnyRole(user, roles)) throw new ApiError(403, 'forbidden', `Only ${roles.join(' or ')} users may do this`);
  return user;
}
