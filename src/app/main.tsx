import { render } from 'preact';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-bridge.ts';
import { startSending } from './sending.ts';
import { loadMe } from './auth/me.ts';
import { sendWaitingForSignIn } from './auth/after-sign-in.ts';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<App />, document.getElementById('app')!);
void registerServiceWorker().finally(startSending);
// Who is signed in: the header, the demo banner and the reporter's details in a new draft; reports that waited
// for a sign-in are sent once there is one.
void loadMe().then(sendWaitingForSignIn);
