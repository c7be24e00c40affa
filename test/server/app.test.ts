// What the endpoint does around the API: serving the built PWA, security headers, errors that do not leak
// (rate limits and connection limits: limits.test.ts). Real HTTP on loopback, the embedded store.
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/shared/wire.ts';
import { buildReport } from '../support/fixtures.ts';
import { createTempDir, createTestStore, postReport, startInProcessEndpoint, type InProcessEndpoint, type TempDir } from '../support/server.ts';

const INDEX_HTML = '<!doctype html><html><head><title>Report a security incident</title></head><body><div id="app"></div></body></html>';

describe('serving the built PWA', () => {
  let dist: TempDir;
  let endpoint: InProcessEndpoint;

  beforeAll(async () => {
    dist = await createTempDir('rasi-dist-');
    await fs.mkdir(path.join(dist.dir, 'assets'));
    await fs.mkdir(path.join(dist.dir, 'icons'));
    await fs.writeFile(path.join(dist.dir, 'index.html'), INDEX_HTML);
    await fs.writeFile(path.join(dist.dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await fs.writeFile(path.join(dist.dir, 'manifest.webmanifest'), '{"name":"Report a security incident"}');
    await fs.writeFile(path.join(dist.dir, 'assets', 'index-Bx7f3k2A.js'), 'console.log("app");');
    await fs.writeFile(path.join(dist.dir, 'icons', 'icon-192.png'), 'png');
    await fs.writeFile(path.join(dist.dir, '.env'), 'SECRET=1');
    endpoint = await startInProcessEndpoint({ config: { staticDir: dist.dir } });
  });
  afterAll(async () => {
    await endpoint?.close();
    await dist?.remove();
  });

  it('serves index.html at / with no-cache and the CSP', async () => {
    const response = await fetch(`${endpoint.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX_HTML);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "worker-src 'self'",
      "manifest-src 'self'",
      "frame-ancestors 'none'",
    ]) {
      expect(csp).toContain(directive);
    }
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves sw.js, the manifest and icons with no-cache, hashed assets as immutable', async () => {
    for (const file of ['/index.html', '/sw.js', '/manifest.webmanifest', '/icons/icon-192.png']) {
      const response = await fetch(`${endpoint.url}${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('cache-control'), file).toBe('no-cache');
      await response.arrayBuffer();
    }
    const asset = await fetch(`${endpoint.url}/assets/index-Bx7f3k2A.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await asset.text()).toBe('console.log("app");');
  });

  it('answers client-side routes with the app shell', async () => {
    for (const route of ['/report/123/check', '/my-reports', '/report/lost-device/what-happened?x=1']) {
      const response = await fetch(`${endpoint.url}${route}`);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX_HTML);
    }
  });

  it('answers 404 for a missing file, a dotfile and a non-GET outside the API, never the shell', async () => {
    for (const [method, route] of [
      ['GET', '/assets/missing-abc123.js'],
      ['GET', '/.env'],
      ['POST', '/report/123'],
    ] as const) {
      const response = await fetch(`${endpoint.url}${route}`, { method });
      expect(response.status, route).toBe(404);
      expect(errorBodySchema.safeParse(await response.json()).success).toBe(true);
    }
  });

  it('still answers the API with JSON', async () => {
    expect((await postReport(endpoint.url, buildReport(), { cookie: await endpoint.session() })).status).toBe(201);
    const unknown = await fetch(`${endpoint.url}/api/reports/nope/extra`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('without a built PWA', () => {
  it('serves the API and answers / with a clear 503', async () => {
    const endpoint = await startInProcessEndpoint();
    try {
      const home = await fetch(`${endpoint.url}/`);
      expect(home.status).toBe(503);
      const body = errorBodySchema.parse(await home.json());
      expect(body.error).toBe('app_not_built');
      expect(body.message).toContain('npm run build');
      expect(home.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect((await fetch(`${endpoint.url}/report/1/check`)).status).toBe(503);
      expect((await postReport(endpoint.url, buildReport(), { cookie: await endpoint.session() })).status).toBe(201);
    } finally {
      await endpoint.close();
    }
  });
});

describe('errors', () => {
  it('answer 503 without internals when the store fails, and /healthz says 503', async () => {
    const store = await createTestStore('sqlite');
    const endpoint = await startInProcessEndpoint({ store });
    try {
      const cookie = await endpoint.session();
      // Break the store for real: close its database under the running app. The session cannot be checked.
      await endpoint.app.store.close();
      const { status, body } = await postReport(endpoint.url, buildReport(), { cookie });
      expect(status).toBe(503);
      expect(body).toEqual({ error: 'unavailable', message: 'The service is unavailable: try again later' });
      const health = await fetch(`${endpoint.url}/healthz`);
      expect(health.status).toBe(503);
      expect(errorBodySchema.parse(await health.json()).error).toBe('store_unavailable');
    } finally {
      await endpoint.close();
      await store.remove();
    }
  });
});
