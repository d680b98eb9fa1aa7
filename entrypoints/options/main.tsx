import { render } from 'preact';
import { DataSection } from '@/components/DataSection';
import { ForYouSection } from '@/components/ForYouSection';
import { KeyBindings } from '@/components/KeyBindings';
import { RuleEditor } from '@/components/RuleEditor';
import { SettingsPanel } from '@/components/SettingsPanel';
import { SyncSection } from '@/components/SyncSection';
import { TagManager } from '@/components/TagManager';
import '../popup/style.css';
import './style.css';

render(
  <main class="options">
    <h1>Paperlight</h1>
    <RuleEditor />
    <TagManager />
    <SettingsPanel />
    <ForYouSection />
    <KeyBindings />
    <SyncSection />
    <DataSection />
  </main>,
  document.getElementById('app')!,
);
