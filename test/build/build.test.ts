// Checks the production build in dist/ (npm test builds it first): what the service worker precaches, the
// web app manifest, the precompressed copies, the reporter's first-page budget counted on the bytes the
// endpoint sends, and that the trimmed stylesheet still styles every class the pages use.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAGE_HTML_BUDGET, FIRST_PAGE_JS_BUDGET, firstPageFiles, kb } from './first-page.ts';

const DIST = 'dist';
const read = (file: string) => readFileSync(join(DIST, file), 'utf8');

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

describe('precompressed copies', () => {
  it('sit beside every text file as brotli and gzip, each the very bytes of its file', () => {
    const text = readdirSync(DIST, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(js|css|html|webmanifest|svg)$/.test(f));
    expect(text.length).toBeGreaterThan(10);
    for (const file of text) {
      const raw = readFileSync(join(DIST, file));
      const brotli = join(DIST, `${file}.br`);
      const gzip = join(DIST, `${file}.gz`);
      // A copy is left out only when it would not be smaller (a tiny file).
      if (existsSync(brotli)) expect(brotliDecompressSync(readFileSync(brotli)).equals(raw), `${file}.br`).toBe(true);
      if (existsSync(gzip)) expect(gunzipSync(readFileSync(gzip)).equals(raw), `${file}.gz`).toBe(true);
      if (raw.length > 1024) expect(existsSync(brotli) && existsSync(gzip), file).toBe(true);
    }
  });
});

describe("the reporter's first page", () => {
  const readDist = async (file: string) => read(file);
  /** What the endpoint sends for a file to a browser that accepts this encoding: the precompressed copy if there is one. */
  const sentSize = (file: string, extension: 'br' | 'gz') => {
    const copy = join(DIST, `${file}.${extension}`);
    return existsSync(copy) ? statSync(copy).size : statSync(join(DIST, file)).size;
  };

  it(`loads at most ${kb(FIRST_PAGE_JS_BUDGET)} of JavaScript, and its HTML with the CSS inside in at most ${kb(FIRST_PAGE_HTML_BUDGET)}, as sent, brotli or gzip`, async () => {
    const { scripts, styles, laterStyles, inlineCss } = await firstPageFiles(readDist);
    expect(scripts.some((c) => c.includes('workbox-window'))).toBe(true);
    // The start page's own rules are in the page (its header's colours among them), and no stylesheet holds
    // back its first paint; the whole one, which the other pages link, comes for later.
    expect(styles).toEqual([]);
    expect(inlineCss).toContain('.govuk-header{');
    const shellStyles = [...(await readDist('shell.html')).matchAll(/<link[^>]+href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]!);
    expect(laterStyles).toEqual(shellStyles);
    // Rules for what only other pages show are not in it.
    expect(inlineCss).not.toContain('.govuk-error-summary');
    expect(inlineCss.length).toBeLessThan(read(laterStyles[0]!).length / 2);
    for (const extension of ['br', 'gz'] as const) {
      const js = scripts.map((c) => [c, sentSize(c, extension)] as const);
      const totalJs = js.reduce((sum, [, size]) => sum + size, 0);
      const html = sentSize('index.html', extension);
      console.log(
        `first page as sent (${extension}): HTML ${kb(html)} with ${kb(inlineCss.length)} of CSS inside (uncompressed), JavaScript ${kb(totalJs)} in ${js.length} files\n` +
          js.map(([c, size]) => `  ${c}: ${kb(size)}`).join('\n'),
      );
      expect(totalJs, extension).toBeLessThanOrEqual(FIRST_PAGE_JS_BUDGET);
      expect(html, extension).toBeLessThanOrEqual(FIRST_PAGE_HTML_BUDGET);
    }
  });

  it('does not load the report schema or zod before a report is started', async () => {
    const { scripts } = await firstPageFiles(readDist);
    const code = scripts.map(read).join('\n');
    expect(code).not.toContain('Describe what happened');
    expect(code).not.toContain('_zod');
  });
});

describe('the stylesheet', () => {
  it("styles every govuk-frontend class the app's pages name (the Sass imports only what they use)", () => {
    const css = readdirSync(join(DIST, 'assets'))
      .filter((f) => f.endsWith('.css'))
      .map((f) => read(`assets/${f}`))
      .join('\n');
    const classesIn = (text: string) => new Set([...text.replace(/\\/g, '').matchAll(/\.(govuk-[\w!-]*\w)/g)].map((m) => m[1]!));
    const ours = classesIn(css);
    // Only the classes govuk-frontend gives a style: some of its markup classes are hooks with none.
    const styledByGovuk = classesIn(readFileSync('node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css', 'utf8'));
    const named = new Set<string>();
    for (const file of readdirSync('src/app', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f))) {
      for (const m of readFileSync(join('src/app', file), 'utf8').matchAll(/govuk-[\w!-]*\w/g)) named.add(m[0]);
    }
    const used = [...named].filter((name) => styledByGovuk.has(name));
    expect(used.length).toBeGreaterThan(40);
    expect(used.filter((name) => !ours.has(name))).toEqual([]);
  });
});
