import { hydrate, render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { App } from './App.tsx';
import { Prerendering } from './prerendering.ts';
import { registerServiceWorker } from './sw-bridge.ts';
import { startSending } from './sending.ts';
import { loadMe } from './auth/me.ts';
import { applyFullStylesheet } from './full-stylesheet.ts';
import { sendWaitingForSignIn } from './auth/after-sign-in.ts';

// One element for both passes below: when the value around it changes, Preact leaves App's tree alone but for
// the components that read that value.
const app = <App />;

/**
 * The start page as built is taken over by a first pass that renders what the build rendered, hydrating: its
 * elements are kept as they are, none read back or made again. The pass after, in a task of its own once the
 * page is the app's, enables the choice and adds what the device knows.
 */
function TakeOver() {
  const [asBuilt, setAsBuilt] = useState(true);
  useEffect(() => setAsBuilt(false), []);
  return <Prerendering.Provider value={asBuilt}>{app}</Prerendering.Provider>;
}

const root = document.getElementById('app')!;
applyFullStylesheet();
document.body.classList.add('js-enabled', 'govuk-frontend-supported');
// index.html holds the start page as built; every other address is answered with shell.html, its #app empty.
// In a task of its own, not the one that evaluated the app's modules: together they made the page's longest task
// after its first paint (82-156 ms at a quarter of this CPU's speed, which Lighthouse counts above 50 ms as
// blocking; 62-127 ms for the render alone).
setTimeout(() => {
  if (location.pathname === '/' && root.firstElementChild) hydrate(<TakeOver />, root);
  else render(app, root);
});
// The rest of the start in tasks of their own, after the render's: in one task with it, it made the page's
// longest task (Lighthouse counts what a task takes over 50 ms, at four times this CPU's time).
// Who is signed in: the header, the demo banner and the reporter's details in a new draft; reports that waited
// for a sign-in are sent once there is one.
setTimeout(() => void loadMe().then(sendWaitingForSignIn));
setTimeout(() => void registerServiceWorker().finally(startSending));
