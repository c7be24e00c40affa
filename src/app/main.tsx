import { render } from 'preact';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-bridge.ts';
import { startSending } from './sending.ts';
import { loadMe } from './auth/me.ts';
import { sendWaitingForSignIn } from './auth/after-sign-in.ts';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<App />, document.getElementById('app')!);
// The rest of the start in tasks of their own, after the render's: in one task with it, it made the page's
// longest task (Lighthouse counts what a task takes over 50 ms, at four times this CPU's time).
// Who is signed in: the header, the demo banner and the reporter's details in a new draft; reports that waited
// for a sign-in are sent once there is one.
setTimeout(() => void loadMe().then(sendWaitingForSignIn));
setTimeout(() => void registerServiceWorker().finally(startSending));
