// Where to come back to after signing in: a path on this site only, or an attacker could use our sign-in
// to send people anywhere (an open redirect).
const MAX_RETURN_TO = 2000;

export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return '/';
  // "//evil.example" and "/\evil.example" are other hosts to a browser; control characters are never ours.
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  const base = 'http://this.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base || url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
