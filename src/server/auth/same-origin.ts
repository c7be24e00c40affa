// Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) that a browser says came
// from another site is refused. Browsers send Sec-Fetch-Site (and Origin) on every such request; a request
// with neither is not from a browser page, so it cannot ride on someone's cookie.
import type { FastifyRequest } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** True when the request may change state: a safe method, or sent by a page of this very origin. */
export function isSameOriginRequest(request: FastifyRequest, appOrigin: string, { requireBrowserProof = false } = {}): boolean {
  if (SAFE_METHODS.has(request.method)) return true;
  const fetchSite = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  if (typeof fetchSite === 'string') return fetchSite === 'same-origin';
  if (typeof origin === 'string') return origin === appOrigin || sameHost(origin, request.headers.host);
  return !requireBrowserProof;
}

function sameHost(origin: string, host: string | undefined): boolean {
  try {
    return !!host && new URL(origin).host === host;
  } catch {
    return false;
  }
}
