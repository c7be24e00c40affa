// Serves the built PWA from the same origin as the API (so the CSP can stay 'self' everywhere).
// Vite puts content-hashed files under assets/: those are cached for a year. Everything else (index.html,
// sw.js, manifest.webmanifest, icons) is revalidated on every use, so an update reaches the service worker.
// The build writes a brotli and a gzip copy beside each text file (scripts/precompress.mjs): the copy the
// browser accepts is sent as it is, with Content-Encoding and `Vary: Accept-Encoding`.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { ApiError } from './errors.ts';

const LONG_LIVED = 'public, max-age=31536000, immutable';

export function isAppBuilt(staticDir: string): boolean {
  return fs.existsSync(path.join(staticDir, 'index.html'));
}

/**
 * The CSP sources of index.html's own <style> elements ('sha256-…'): the build puts the start page's stylesheet
 * in the page (scripts/prerender-plugin.ts), and the CSP allows that text and no other. None without a build.
 */
export function inlineStyleHashes(staticDir: string): string[] {
  let html: string;
  try {
    html = fs.readFileSync(path.join(staticDir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
}

/** index.html without the prerendered start page (scripts/prerender-plugin.ts writes it). */
const SHELL_FILE = 'shell.html';

export async function registerPwa(app: FastifyInstance, staticDir: string): Promise<void> {
  const built = isAppBuilt(staticDir);
  const hasShell = fs.existsSync(path.join(staticDir, SHELL_FILE));
  if (built) {
    await app.register(fastifyStatic, {
      root: staticDir,
      index: 'index.html',
      preCompressed: true,
      dotfiles: 'ignore',
      cacheControl: false,
      setHeaders(reply, filePath) {
        const relative = path.relative(staticDir, filePath).split(path.sep).join('/');
        reply.header('cache-control', relative.startsWith('assets/') ? LONG_LIVED : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/')) throw new ApiError(404, 'not_found', 'There is no such API route');
    const isNavigation = (request.method === 'GET' || request.method === 'HEAD') && !path.posix.basename(pathname).includes('.');
    if (!isNavigation) throw new ApiError(404, 'not_found', 'Not found');
    if (!built) {
      request.log.warn({ staticDir }, 'no index.html in STATIC_DIR');
      throw new ApiError(503, 'app_not_built', 'The app has not been built: run "npm run build", then restart the endpoint');
    }
    // A client-side route (/report/123/check): the app's shell, which routes in the browser. index.html holds
    // the start page, rendered at build time, which another address must not show while its code loads.
    // (@fastify/static hands `/` itself here when it sends a precompressed copy.)
    return reply.header('cache-control', 'no-cache').sendFile(hasShell && pathname !== '/' ? SHELL_FILE : 'index.html');
  });
}
