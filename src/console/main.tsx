import { render } from 'preact';
import { ConsoleApp } from './ConsoleApp.tsx';
import './styles.scss';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
render(<ConsoleApp />, document.getElementById('console')!);
