// The page's first script. index.html already holds the start page (rendered at build time, see
// scripts/prerender-plugin.ts), so nothing but the styles is needed to show it: the app's code is asked for
// once that page is on screen (after the first frame the browser paints), so that on a slow network the page's
// own bytes are not shared with the app's.
import './styles.scss';

requestAnimationFrame(() => setTimeout(() => void import('./main.tsx')));
