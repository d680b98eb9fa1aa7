import { render } from 'preact';
import { TagManager } from '@/components/TagManager';
import '../popup/style.css';
import './style.css';

render(
  <main class="options">
    <h1>Paperlight</h1>
    <TagManager />
  </main>,
  document.getElementById('app')!,
);
