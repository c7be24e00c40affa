import { render } from 'preact';
import { App } from './App.tsx';
import { registerServiceWorker } from './sw-bridge.ts';
import { startSending } from './sending.ts';
import './styles.scss';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<App />, document.getElementById('app')!);
void registerServiceWorker().finally(startSending);
