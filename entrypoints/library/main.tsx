import { render } from 'preact';
import { browser } from 'wxt/browser';
import { LibraryView } from '@/components/library/LibraryView';
import { prefetchFirstPage } from '@/components/library/useLibrary';
import '../popup/style.css';
import './style.css';

// The first screenful is on its way (entrypoints/first-page.ts started it before these modules
// loaded): a first render with rows saves rendering the empty frame first. Not for long, though.
await Promise.race([prefetchFirstPage().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
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
