// Who is signed in, as the endpoint tells the app (GET /api/me) and as the endpoint's own routes see it
// (`request.user`). No dependencies: the start page and the service worker import these names too.

/**
 * What a signed-in person may do. Every signed-in member of staff is a reporter; the other roles come from
 * the identity provider's group claim, mapped in the endpoint's configuration.
 */
export const ROLES = ['reporter', 'incident-manager', 'dpo', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  /** The identity provider's subject (`sub`): stable for one person at one provider. */
  id: string;
  name: string;
  email: string;
  roles: Role[];
}

/** GET /api/me: who is signed in (null when nobody is), and whether sign-in is the built-in demo provider. */
export interface MeResponse {
  user: SessionUser | null;
  /** True when the development provider signs people in: the service is for trying out only. */
  demo: boolean;
}

export const API_ME = '/api/me';
export const AUTH_SIGN_IN = '/auth/sign-in';
export const AUTH_SIGN_OUT = '/auth/sign-out';
export const AUTH_CALLBACK = '/auth/callback';

/** Where to send a browser to sign in and come back to `returnTo` (a path on this site). */
export function signInLocation(returnTo: string): string {
  return `${AUTH_SIGN_IN}?${new URLSearchParams({ returnTo })}`;
}
