// The built app as the endpoint sends it (real HTTP on loopback, the embedded store): precompressed copies with
// the right Content-Encoding and Vary, immutable caching for hashed assets only, and the first page's budget
// counted on the bytes that cross the wire to a browser that accepts brotli and gzip.
import http from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIST_DIR, startInProcessEndpoint, type InProcessEndpoint } from '../support/server.ts';
import { FIRST_PAGE_HTML_BUDGET, FIRST_PAGE_JS_BUDGET, firstPageFiles, kb } from './first-page.ts';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body as it crossed the wire. */
  wire: Buffer;
  /** The body decoded. */
  text: string;
}

/** GET with node:http, which leaves the body as sent (fetch would decode it and hide its size). */
function get(url: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}, timeout: 5000 }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const wire = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        const body = encoding === 'br' ? brotliDecompressSync(wire) : encoding === 'gzip' ? gunzipSync(wire) : wire;
        resolve({ status: response.statusCode ?? 0, headers: response.headers, wire, text: body.toString('utf8') });
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 5 s`)));
    request.on('error', reject);
  });
}

let endpoint: InProcessEndpoint;

beforeAll(async () => {
  if (!existsSync(join(DIST_DIR, 'index.html'))) throw new Error('No build in dist/: run `npm run build` first (npm test does).');
  endpoint = await startInProcessEndpoint({ config: { staticDir: DIST_DIR } });
});
afterAll(async () => {
  await endpoint?.close();
});

describe('the endpoint serving the build', () => {
  it('sends the brotli copy to a browser that accepts it, gzip to one that accepts only gzip, the file to others, all with Vary: Accept-Encoding', async () => {
    const { scripts } = await firstPageFiles(async (file) => readFileSync(join(DIST_DIR, file), 'utf8'));
    // A script big enough to gain from compression (the first, the boot script, is 150 bytes: sent as it is).
    const script = scripts.find((file) => statSync(join(DIST_DIR, file)).size > 1024);
    for (const path of ['/', '/index.html', '/sw.js', `/${script}`, '/report/123/check']) {
      // The start page (/) is index.html, which holds it rendered; the app's other routes (/report/…) answer
      // with its shell, which shows nothing until the app's code routes.
      const file = readFileSync(join(DIST_DIR, path.endsWith('.js') ? path : path.startsWith('/report/') ? 'shell.html' : 'index.html'), 'utf8');
      const brotli = await get(`${endpoint.url}${path}`, 'gzip, deflate, br, zstd');
      const gzip = await get(`${endpoint.url}${path}`, 'gzip, deflate');
      const plain = await get(`${endpoint.url}${path}`);
      for (const [answer, encoding] of [
        [brotli, 'br'],
        [gzip, 'gzip'],
        [plain, undefined],
      ] as const) {
        expect(answer.status, path).toBe(200);
        expect(answer.headers['content-encoding'], path).toBe(encoding);
        expect(answer.headers.vary, path).toMatch(/accept-encoding/i);
        expect(answer.text, path).toBe(file);
        expect(Number(answer.headers['content-length']), path).toBe(answer.wire.length);
      }
      expect(brotli.wire.length, path).toBeLessThan(gzip.wire.length);
      expect(gzip.wire.length, path).toBeLessThan(plain.wire.length);
    }
  });

  it('caches hashed assets for a year as immutable, and revalidates index.html, sw.js and the manifest every time', async () => {
    const { scripts, styles, laterStyles } = await firstPageFiles(async (file) => (await get(`${endpoint.url}/${file}`, 'br')).text);
    // index.html carries its own rules inside and links the whole stylesheet for later; the other pages (shell.html) link it.
    const linked = [...(await get(`${endpoint.url}/report/123/check`, 'br')).text.matchAll(/<link[^>]+href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
    expect(linked).toHaveLength(1);
    expect(laterStyles).toEqual(linked);
    for (const file of [...scripts, ...styles, ...linked]) {
      expect((await get(`${endpoint.url}/${file}`, 'br, gzip')).headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
    }
    for (const path of ['/', '/sw.js', '/manifest.webmanifest', '/report/123/check']) {
      expect((await get(`${endpoint.url}${path}`, 'br, gzip')).headers['cache-control'], path).toBe('no-cache');
    }
  });

  it(`sends the first page's JavaScript in at most ${kb(FIRST_PAGE_JS_BUDGET)} and its HTML, CSS inside, in at most ${kb(FIRST_PAGE_HTML_BUDGET)} (Accept-Encoding: br, gzip)`, async () => {
    const sent = new Map<string, number>();
    const fetchFile = async (file: string) => {
      const answer = await get(`${endpoint.url}/${file}`, 'br, gzip');
      expect(answer.status, file).toBe(200);
      sent.set(file, answer.wire.length);
      return answer.text;
    };
    const { scripts, styles, inlineCss } = await firstPageFiles(fetchFile);
    expect(styles).toEqual([]);
    const total = (files: string[]) => files.reduce((sum, file) => sum + sent.get(file)!, 0);
    console.log(`first page over HTTP (br, gzip): HTML ${kb(sent.get('index.html')!)} with ${kb(inlineCss.length)} of CSS inside (uncompressed), JavaScript ${kb(total(scripts))} in ${scripts.length} files`);
    expect(total(scripts)).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
    expect(sent.get('index.html')).toBeLessThanOrEqual(FIRST_PAGE_HTML_BUDGET);
  });
});
