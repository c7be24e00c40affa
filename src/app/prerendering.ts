// Whether the page is being rendered at build time into index.html (scripts/prerender-plugin.ts) rather than in
// the browser: controls that only work with the app's code are then written disabled, so that a tap before the
// code has loaded does nothing rather than submit a form the app would have handled.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const Prerendering = createContext(false);

export const usePrerendering = () => useContext(Prerendering);
