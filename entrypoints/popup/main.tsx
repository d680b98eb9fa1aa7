import { render } from 'preact';
import { prefetchFirstPage } from '@/components/library/useLibrary';
import { App } from './App';
import './style.css';

// The first screenful is on its way (entrypoints/first-page.ts started it before these modules
// loaded): a first render with rows saves rendering the empty frame first. Not for long, though.
await Promise.race([prefetchFirstPage().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
render(<App />, document.getElementById('app')!);
