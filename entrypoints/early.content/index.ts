import './hold.css';
import { mayHoldMuteRules, startEarlyRead } from '@/lib/rules/published-read';
import { PAPERS_MATCHES } from '@/lib/site/page-kind';

// Runs before the page is parsed, so it must cost next to nothing: it starts reading the keyword
// rules (and brings the CSS that holds the cards until they are known). The main script
// (entrypoints/content) runs at document_end and takes the read, usually answered by then.
// In Chrome the background registers it while there are rules, and its CSS while some rule mutes
// (lib/background/page-scripts.ts): a reader without them loads neither, and has no card held
// back. Firefox lists both in the manifest.
export default defineContentScript({
  matches: PAPERS_MATCHES,
  runAt: 'document_start',
  registration: { chrome: 'runtime', firefox: 'manifest' },
  main() {
    startEarlyRead().then(
      (value) => {
        // No rule mutes: nothing to hold the cards for, so they show now, as the page parses,
        // rather than after the main script has run. With mute rules the main script lets them
        // show once the cards in view are muted.
        if (!mayHoldMuteRules(value)) document.documentElement?.setAttribute('data-paperlight-shown', '');
      },
      () => undefined,
    );
  },
});
