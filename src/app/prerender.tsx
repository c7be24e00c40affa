// The start page as HTML, rendered at build time into index.html's #app (scripts/prerender-plugin.ts): the
// first paint needs no script. What the browser renders at start (main.tsx) is the same tree, so it takes over
// these elements where they stand; only what the device knows (drafts, who is signed in, offline) comes after.
import { renderToString } from 'preact-render-to-string';
import { App } from './App.tsx';
import { Prerendering } from './prerendering.ts';

export function renderStartPage(): string {
  // The router reads the address from `location`, which Node does not have: "/" for the time of the render.
  const global = globalThis as { location?: unknown };
  const had = 'location' in global;
  const previous = global.location;
  global.location = new URL('http://localhost/');
  try {
    return renderToString(
      <Prerendering.Provider value={true}>
        <App />
      </Prerendering.Provider>,
    );
  } finally {
    if (had) global.location = previous;
    else delete global.location;
  }
}
