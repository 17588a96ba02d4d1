import { render } from 'preact';
import { App } from './app.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/controls.css';
import './styles/components.css';
import './styles/pages.css';
import './styles/responsive.css';

render(<App />, document.getElementById('app')!);
