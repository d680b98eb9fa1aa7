import { render } from 'preact';
import { browser } from 'wxt/browser';
import { LibraryView } from '@/components/library/LibraryView';
import '../popup/style.css';
import './style.css';

/** The reading list on a whole page, for long sessions: the popup's view with room to breathe. */
render(
  <main class="library-page">
    <header class="header">
      <h1>Paperlight reading list</h1>
      <button type="button" class="header-link" data-paperlight="manage-tags" onClick={() => void browser.runtime.openOptionsPage()}>
        Rules, tags and settings
      </button>
    </header>
    <LibraryView compact={false} />
  </main>,
  document.getElementById('app')!,
);
