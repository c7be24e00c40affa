// The build step that puts the start page into index.html (src/app/prerender.tsx renders it, through a Vite
// server in SSR mode so that it is the same code the browser runs), so that the first paint needs no script
// (issue 11: Lighthouse on `/`). The other addresses of the app (/report/…) must not show the start page
// while their own code loads: they are answered with shell.html, index.html as it was before (an empty #app),
// by the endpoint and by the service worker. index.html carries the start page's rules in a <style> element
// rather than a link: the page then paints from its own bytes, one round trip sooner (Lighthouse's simulated slow 4G:
// LCP 1,185-1,404 ms against 1,145-1,507 with the link, 7 December); the endpoint's CSP allows that element by
// its hash (src/server/pwa.ts). shell.html keeps the link: the app's other pages share the cached file.
import Beasties from 'beasties';
import { createServer, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { FULL_STYLESHEET_ATTRIBUTE } from '../src/app/full-stylesheet.ts';

export const SHELL_FILE = 'shell.html';
const ROOT = '<div id="app"></div>';

async function renderStartPage(): Promise<string> {
  const server = await createServer({
    configFile: false,
    plugins: [preact()],
    appType: 'custom',
    logLevel: 'error',
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  try {
    const { renderStartPage: render } = (await server.ssrLoadModule('/src/app/prerender.tsx')) as { renderStartPage: () => string };
    return render();
  } finally {
    await server.close();
  }
}

export function prerenderStartPage(): Plugin {
  let startPage: string | undefined;
  let prerendered: string | undefined;
  return {
    name: 'prerender-start-page',
    apply: 'build',
    async buildStart() {
      startPage = await renderStartPage();
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, { path }) {
        if (path !== '/index.html') return html;
        if (!html.includes(ROOT)) throw new Error(`index.html has no ${ROOT} to render the start page into`);
        // The first script only waits for the paint (src/app/boot.ts): it must not hold the stylesheet back.
        const script = /<script type="module" crossorigin src="\/assets\/index-[^"]+\.js"><\/script>/;
        if (!script.test(html)) throw new Error('index.html has no entry script to fetch at low priority');
        prerendered = `<div id="app">${startPage}</div>`;
        return html.replace(ROOT, prerendered).replace(script, (tag) => tag.replace('<script ', '<script fetchpriority="low" '));
      },
    },
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        // The shell is index.html as every other plugin left it, less the start page.
        const index = bundle['index.html'];
        if (index?.type !== 'asset' || !prerendered) throw new Error('index.html was not built: no shell to write');
        const shell = String(index.source).replace(prerendered, ROOT).replace('<script fetchpriority="low" ', '<script ');
        this.emitFile({ type: 'asset', fileName: SHELL_FILE, source: shell });
        const link = /<link rel="stylesheet" crossorigin href="\/(assets\/[^"]+\.css)">/.exec(String(index.source));
        const css = link && bundle[link[1]!];
        if (!link || css?.type !== 'asset') throw new Error('index.html links no stylesheet of the build to put in the page');
        // The page keeps only the rules its own elements use (Beasties: 21 of 73 KB); the whole stylesheet, which
        // the other pages need, comes at low priority and applies once the app runs (src/app/main.tsx).
        const page = String(index.source).replace(
          link[0],
          () => `<style>${String(css.source)}</style><link rel="stylesheet" crossorigin href="/${link[1]}" media="print" ${FULL_STYLESHEET_ATTRIBUTE}>`,
        );
        index.source = await new Beasties({ reduceInlineStyles: true, external: false, pruneSource: false, fonts: false, logLevel: 'warn' }).process(page);
      },
    },
  };
}
