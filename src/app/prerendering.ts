// Whether the start page is being rendered as it is built into index.html (scripts/prerender-plugin.ts): at
// build time, and in the browser for the first pass that takes those elements over (main.tsx). Controls that
// only work with the app's code are then written disabled, so that a tap before the code has loaded does
// nothing rather than submit a form the app would have handled; and what only the device knows (offline, a
// remembered demo service, Safari, a draft just deleted) is left out, to come in the pass after.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export const Prerendering = createContext(false);

export const usePrerendering = () => useContext(Prerendering);
