import './style.css';
import { startPage } from '@/lib/content/page-controller';
import { PAPERS_MATCHES } from '@/lib/site/page-kind';
import { pageFeatures } from './features';

export default defineContentScript({
  matches: PAPERS_MATCHES,
  // document_end: the browser evaluates a document_start script before it parses the page, and this
  // one is large. The keyword rules are read earlier all the same, by the tiny document_start script
  // in entrypoints/early.content; the cards are held (its hold.css) until muted ones are muted.
  runAt: 'document_end',
  main(ctx) {
    startPage(document, ctx, pageFeatures);
  },
});
