// From what the identity provider says about a person (ID token and userinfo claims) to the session's user:
// who they are, and their roles from the group claim as the configuration maps them.
import type { Role, SessionUser } from '../../shared/auth.ts';
import type { ServerConfig } from '../config.ts';

export type RoleMapping = Pick<ServerConfig, 'groupsClaim' | 'roleGroups'>;

// Claims are the provider's, but bound them anyway: they end up in every session row and page.
const MAX_CLAIM = 320;
const MAX_GROUPS = 500;

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_CLAIM) : undefined;
}

/** The groups a claim lists: an array of names, or one string of names separated by commas or spaces. */
export function groupsOf(claim: unknown): string[] {
  const list = Array.isArray(claim) ? claim : typeof claim === 'string' ? claim.split(/[\s,]+/) : [];
  return list.slice(0, MAX_GROUPS).filter((g): g is string => typeof g === 'string' && g.length > 0);
}

/** Every signed-in person is a reporter; the other roles come from the groups they are in. */
export function rolesFor(groups: string[], mapping: RoleMapping['roleGroups']): Role[] {
  const roles: Role[] = ['reporter'];
  for (const [role, wanted] of Object.entries(mapping) as [Exclude<Role, 'reporter'>, string[]][]) {
    if (wanted.some((g) => groups.includes(g))) roles.push(role);
  }
  return roles;
}

/** The session user for these claims, or undefined when they name nobody (no `sub`). */
export function userFromClaims(claims: Record<string, unknown>, mapping: RoleMapping): SessionUser | undefined {
  const id = text(claims.sub);
  if (!id) return undefined;
  const email = text(claims.email) ?? text(claims.preferred_username)?.match(/^[^\s@]+@[^\s@]+$/)?.[0] ?? '';
  const fullName = [text(claims.given_name), text(claims.family_name)].filter(Boolean).join(' ');
  const name = text(claims.name) ?? (fullName || undefined) ?? (email || id);
  return { id, name, email, roles: rolesFor(groupsOf(claims[mapping.groupsClaim]), mapping.roleGroups) };
}
