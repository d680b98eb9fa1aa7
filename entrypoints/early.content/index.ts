import './hold.css';
import { startEarlyRead } from '@/lib/rules/published-read';
import { PAPERS_MATCHES } from '@/lib/site/page-kind';

// Runs before the page is parsed, so it must cost next to nothing: it only starts reading the
// keyword rules (and brings the CSS that holds the cards until they are known). The main script
// (entrypoints/content) runs at document_end and takes the read, usually answered by then.
export default defineContentScript({
  matches: PAPERS_MATCHES,
  runAt: 'document_start',
  main() {
    startEarlyRead();
  },
});
