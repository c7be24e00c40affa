// The two cookies sign-in uses: the session, and a short-lived one for a sign-in under way. Both hold random
// base64url tokens only (so no encoding rules apply), are HttpOnly, SameSite=Lax (Strict would be dropped
// on the first page after the provider's redirect) and Secure with the __Host- prefix on an https site.
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CookieNames {
  session: string;
  signIn: string;
}

export function cookieNames(secure: boolean): CookieNames {
  const prefix = secure ? '__Host-' : '';
  return { session: `${prefix}rasi_session`, signIn: `${prefix}rasi_sign_in` };
}

/** The value of cookie `name` in the request, or undefined. The first one wins, as browsers send the most specific first. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. Without it, a cookie lasts as long as the browser session. */
  maxAgeSeconds?: number;
}

export function setCookie(reply: FastifyReply, name: string, value: string, options: CookieOptions): void {
  const attributes = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (options.secure) attributes.push('Secure');
  if (options.maxAgeSeconds !== undefined) attributes.push(`Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`);
  reply.header('set-cookie', attributes.join('; ')); // Fastify adds to earlier set-cookie headers
}

export function clearCookie(reply: FastifyReply, name: string, options: Pick<CookieOptions, 'secure'>): void {
  setCookie(reply, name, '', { ...options, maxAgeSeconds: 0 });
}
