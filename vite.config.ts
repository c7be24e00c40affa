import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';
import { VitePWA } from 'vite-plugin-pwa';
import { endpointJwks } from './scripts/endpoint-jwks-plugin.ts';
import { prerenderStartPage } from './scripts/prerender-plugin.ts';
import { BUILT_IN_JWKS_FILE } from './src/shared/sealing.ts';

interface ModuleGraph {
  getModuleInfo(id: string): { importedIds: readonly string[]; dynamicallyImportedIds?: readonly string[] } | null;
}

/** The modules a page loads before it runs: its entry's static imports, all the way down (with `dynamic`, also those it may load later). */
function staticImports(page: string, graph: ModuleGraph, dynamic = false): Set<string> {
  const seen = new Set<string>();
  const queue = [fileURLToPath(new URL(page, import.meta.url))];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    const info = graph.getModuleInfo(id);
    queue.push(...(info?.importedIds ?? []), ...(dynamic ? (info?.dynamicallyImportedIds ?? []) : []));
  }
  return seen;
}

/**
 * Names the chunk of what the reporter's app (src/app/main.tsx, which index.html's first script loads once the
 * prerendered page is on screen) loads before it runs, and the console's page (console.html) never loads: what
 * both load (the console's "Write a follow-up report" loads the drafts' storage later) is left to the default
 * splitting, so that neither page loads the other's code.
 */
function startPageChunk(): (id: string, graph: ModuleGraph) => string | null {
  const pages = new WeakMap<ModuleGraph, { reporter: Set<string>; console: Set<string> }>();
  return (id, graph) => {
    let loaded = pages.get(graph);
    if (!loaded) pages.set(graph, (loaded = { reporter: staticImports('src/app/main.tsx', graph), console: staticImports('console.html', graph, true) }));
    return loaded.reporter.has(id) && !loaded.console.has(id) ? 'start' : null;
  };
}

export default defineConfig({
  plugins: [
    preact(),
    endpointJwks(),
    prerenderStartPage(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'sw',
      filename: 'sw.ts',
      // The page registers the worker itself (src/app/sw-bridge.ts), so updates wait for the reporter.
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: 'Report a security incident',
        short_name: 'Report incident',
        description: 'Report a lost or stolen device, a compromised device or account, a personal data breach or any other security incident, even with no network.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#0b0c0c',
        lang: 'en-GB',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,woff2,png,svg,ico,webmanifest}', BUILT_IN_JWKS_FILE],
        // The incident team's console is online only: its page and its own chunks are never precached.
        globIgnores: ['console.html', 'assets/console-*'],
      },
      devOptions: { enabled: false },
    }),
  ],
  css: {
    preprocessorOptions: {
      scss: {
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin', 'mixed-decls'],
        // MoJ Frontend's Sass loads "node_modules/govuk-frontend/..." from the project root.
        loadPaths: [fileURLToPath(new URL('.', import.meta.url))],
      },
    },
  },
  build: {
    target: 'es2022',
    // No source maps in the build: the endpoint serves dist/ as it is, and maps would publish the source.
    sourcemap: false,
    modulePreload: {
      // Every browser the app supports preloads modules itself; the polyfill would be one more request first.
      polyfill: false,
      // The boot script (index.html's) imports the app once the start page is painted, and the browser fetches
      // the app's own imports as it reads it. Vite's helper would instead add a <link rel=modulepreload> per
      // chunk first: the boot's task took 17 ms with them and 5-10 ms without in the page's traces on this machine
      // (Lighthouse counts it four times over), to save one round trip on a page already on screen. Later imports
      // keep their preloads.
      resolveDependencies: (_file, deps, { hostId, hostType }) => (hostType === 'js' && /^assets\/index-[^/]+\.js$/.test(hostId) ? [] : deps),
    },
    rolldownOptions: {
      // The reporter's app, and the incident team's console as its own entry (console.html, served at /console).
      input: { index: 'index.html', console: 'console.html' },
      output: {
        // Keep the report schema (and zod) in their own chunk: the start page needs the option labels that
        // live next to it, but not the schema, and the bundler would otherwise merge them into one chunk.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'report-schema', test: /[\\/]src[\\/]shared[\\/]report\.ts$/ },
            // The question catalogue (labels, hints, options) loads once a report is opened, not on the start page.
            { name: 'catalogue', test: /[\\/]src[\\/]shared[\\/](questions|catalogue)\.ts$/ },
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/ },
            // Asked at start whether the device holds anything (so that a first visit loads no storage code), and
            // imported by the storage code too: on its own, or the bundler puts it in the storage code's chunk.
            { name: 'store-exists', test: /[\\/]src[\\/]db[\\/]store-exists\.ts$/ },
            // The device's storage that every page with a draft uses (Dexie, the tables, drafts, the outbox), in one
            // file rather than one per set of pages sharing a module. Only these: with every src/db module, the chunk
            // imported a reporter page's chunk, and the console's "Write a follow-up report" failed to load it.
            { name: 'storage', test: /[\\/](node_modules[\\/]dexie[\\/]|src[\\/]db[\\/](database|drafts|draft-crypto|outbox|replies|send-state)\.ts$)/ },
            // Everything the app imports statically at start, in one file: on a phone each request more costs a
            // round trip (or a connection); the other pages' code stays in their chunks.
            { name: startPageChunk() },
          ],
        },
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.{ts,tsx}'], environment: 'happy-dom', setupFiles: ['test/unit/setup.ts'], env: { TZ: 'Europe/London' } },
      },
      { extends: true, test: { name: 'build', include: ['test/build/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: { name: 'server', include: ['test/server/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
      {
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.spec.ts'], environment: 'node', testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
