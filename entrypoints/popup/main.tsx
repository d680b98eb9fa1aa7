import { render } from 'preact';
import { firstPageOrSoon } from '@/components/library/useLibrary';
import { App } from './App';
import './style.css';

await firstPageOrSoon();
render(<App />, document.getElementById('app')!);
