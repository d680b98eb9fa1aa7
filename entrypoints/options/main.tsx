import { render } from 'preact';
import { RuleEditor } from '@/components/RuleEditor';
import { TagManager } from '@/components/TagManager';
import '../popup/style.css';
import './style.css';

render(
  <main class="options">
    <h1>Paperlight</h1>
    <RuleEditor />
    <TagManager />
  </main>,
  document.getElementById('app')!,
);
