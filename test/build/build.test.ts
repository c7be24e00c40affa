// Checks the production build in dist/ (npm test builds it first): what the service worker precaches, the
// web app manifest, and the reporter's first-page JavaScript budget.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';

const DIST = 'dist';
const FIRST_PAGE_JS_BUDGET = 60 * 1024;
const read = (file: string) => readFileSync(join(DIST, file), 'utf8');
const gzipSize = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

beforeAll(() => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('No build in dist/: run `npm run build` first (npm test does).');
});

function precachedUrls(): string[] {
  const sw = read('sw.js');
  return [...sw.matchAll(/"?url"?\s*:\s*"([^"]+)"/g)].map((m) => m[1]!);
}

/** The incident team's console's own files (its entry's script and styles, as console.html loads them); chunks it shares with the reporter's app are precached for the app. */
function consoleAssets(): string[] {
  return [...read('console.html').matchAll(/(?:src|href)="\/(assets\/console-[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
}

describe('the built service worker', () => {
  it('precaches index.html, every JS and CSS file but the console’s, the manifest and the icons, and not itself', () => {
    const urls = precachedUrls();
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    expect(urls).toContain('icons/icon-192.png');
    const online = new Set(consoleAssets());
    const assets = readdirSync(join(DIST, 'assets')).filter((f) => /\.(js|css)$/.test(f));
    expect(assets.length).toBeGreaterThan(3);
    for (const asset of assets) if (!online.has(`assets/${asset}`)) expect(urls).toContain(`assets/${asset}`);
    expect(urls.filter((u) => /(^|\/)sw\.js$/.test(u))).toEqual([]);
    expect(urls.filter((u) => u.endsWith('.map'))).toEqual([]);
  });

  it('precaches the endpoint’s public keys (a device installed, then cut off, still seals), with no private part', () => {
    expect(precachedUrls()).toContain('endpoint-jwks.json');
    const jwks = JSON.parse(read('endpoint-jwks.json')) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it('evaluates as a classic worker: no import() and no import.meta in it', () => {
    expect(read('sw.js')).not.toMatch(/import\.meta|\bimport\(/);
  });

  it('leaves the incident console (online only) out: neither its page nor its own script and styles are precached or loaded by the reporter’s page', () => {
    const urls = precachedUrls();
    const own = consoleAssets();
    expect(own.some((a) => a.endsWith('.js'))).toBe(true);
    expect(own.some((a) => a.endsWith('.css'))).toBe(true);
    expect(urls).not.toContain('console.html');
    for (const asset of own) {
      expect(urls).not.toContain(asset);
      expect(read('index.html')).not.toContain(asset);
    }
  });
});

describe('the web app manifest', () => {
  it('makes the app installable: names, standalone display, start URL, theme colour, icons including a maskable one', () => {
    const manifest = JSON.parse(read('manifest.webmanifest'));
    expect(manifest).toMatchObject({ name: 'Report a security incident', display: 'standalone', start_url: '/' });
    expect(manifest.short_name.length).toBeLessThanOrEqual(15);
    expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
    const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
    expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(manifest.icons.some((i: { purpose?: string }) => i.purpose?.includes('maskable'))).toBe(true);
    for (const icon of manifest.icons) expect(existsSync(join(DIST, icon.src))).toBe(true);
    expect(read('index.html')).toContain('rel="manifest"');
  });
});

/** The chunks the start page loads: the entry, its preloads and static imports, and workbox-window (registered at start). */
function firstPageChunks(): string[] {
  const html = read('index.html');
  const seeds = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = read(file);
    for (const m of code.matchAll(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(`assets/${m[1]}`);
    // The start page registers the service worker at once, so workbox-window is part of its load.
    for (const m of code.matchAll(/import\(\s*["'`]\.\/(workbox-window[^"'`]*\.js)["'`]\s*\)/g)) visit(`assets/${m[1]}`);
  };
  seeds.forEach(visit);
  return [...seen];
}

describe("the reporter's first page", () => {
  it(`loads at most ${FIRST_PAGE_JS_BUDGET / 1024} KB of JavaScript, gzip`, () => {
    const chunks = firstPageChunks();
    const sizes = chunks.map((c) => [c, gzipSize(c)] as const);
    const total = sizes.reduce((sum, [, size]) => sum + size, 0);
    const css = readdirSync(join(DIST, 'assets')).filter((f) => f.endsWith('.css')).map((f) => gzipSize(`assets/${f}`));
    console.log(
      `first page JS (gzip): ${(total / 1024).toFixed(1)} KB in ${chunks.length} files\n` +
        sizes.map(([c, s]) => `  ${c}: ${(s / 1024).toFixed(1)} KB`).join('\n') +
        `\nCSS (gzip): ${(css.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KB`,
    );
    expect(chunks.some((c) => c.includes('workbox-window'))).toBe(true);
    expect(total).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
  });

  it('does not load the report schema or zod before a report is started', () => {
    const code = firstPageChunks().map(read).join('\n');
    expect(code).not.toContain('Describe what happened');
    expect(code).not.toContain('_zod');
  });
});
