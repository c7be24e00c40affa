// The page's first script. index.html already holds the start page (rendered at build time, see
// scripts/prerender-plugin.ts), so nothing but the styles is needed to show it: the app's code is asked for
// once that page is on screen, so that on a slow network the page's own bytes are not shared with the app's.
// shell.html (every other address) holds no page to show: its code is asked for at once.
import './styles.scss';

// A tab opened in the background paints nothing until shown: its code is asked for after this wait all the same.
const PAINT_WAIT_MS = 1_000;

const start = () => void import('./main.tsx');

/**
 * Calls `then` once the first contentful paint is on screen. A frame's requestAnimationFrame runs before that
 * frame is painted, and a request made there went out while the page was still being drawn (Chromium: the
 * app's chunks were asked for 5 to 30 ms before the paint). Where a browser does not report paints, after
 * the first frame as before.
 */
function afterFirstPaint(then: () => void): void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes?.includes('paint')) {
    requestAnimationFrame(() => setTimeout(then));
    return;
  }
  let started = false;
  const go = () => {
    if (started) return;
    started = true;
    observer.disconnect();
    clearTimeout(timer);
    then();
  };
  const observer = new PerformanceObserver((list) => {
    if (list.getEntriesByName('first-contentful-paint').length > 0) go();
  });
  observer.observe({ type: 'paint', buffered: true });
  const timer = setTimeout(go, PAINT_WAIT_MS);
}

if (document.getElementById('app')?.firstElementChild) afterFirstPaint(start);
else start();
