// GET /api/me's answer (see auth.ts), checked by the app at start, on the first page. A type guard rather
// than a zod schema: evaluating zod's module on that page was its longest task after the first paint (31 ms
// on this machine's CPU, 124 ms at Lighthouse's 4x slowdown, measured in the page's trace on 7 December),
// for a three-field answer from the app's own origin. zod loads once a report is opened, as before.
import { ROLES, type MeResponse, type Role, type SessionUser } from './auth.ts';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

function isSessionUser(value: unknown): value is SessionUser {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    typeof value.email === 'string' &&
    Array.isArray(value.roles) &&
    value.roles.every(isRole)
  );
}

/**
 * The answer as the app uses it (user and demo only), or undefined when it is not one. Not strict: the endpoint
 * may tell more later without breaking older apps.
 */
export function parseMeResponse(value: unknown): MeResponse | undefined {
  if (!isRecord(value) || typeof value.demo !== 'boolean') return undefined;
  if (value.user !== null && !isSessionUser(value.user)) return undefined;
  const user = value.user && { id: value.user.id, name: value.user.name, email: value.user.email, roles: [...value.user.roles] };
  return { user, demo: value.demo };
}
