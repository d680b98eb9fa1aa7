import { render } from 'preact';
import { browser } from 'wxt/browser';
import { LibraryView } from '@/components/library/LibraryView';
import { firstPageOrSoon } from '@/components/library/useLibrary';
import '../popup/style.css';
import './style.css';

await firstPageOrSoon();
/** The reading list on a whole page, for long sessions: the popup's view with room to breathe. */
render(
  <main class="library-page">
    <header class="header">
      <h1>Paperlight reading list</h1>
      <button type="button" class="header-link" data-paperlight="manage-tags" onClick={() => void browser.runtime.openOptionsPage()}>
        Rules, tags and settings
      </button>
    </header>
    <LibraryView compact={false} startWithImport={location.hash === '#import'} />
  </main>,
  document.getElementById('app')!,
);
