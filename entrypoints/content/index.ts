import './style.css';
import { startPaperlight } from './paperlight';

export default defineContentScript({
  matches: ['https://huggingface.co/papers*'],
  // document_start: the keyword rules are read while the page parses, so muted papers are muted
  // before they are first painted (style.css holds the cards until then).
  runAt: 'document_start',
  main(ctx) {
    startPaperlight(document, ctx);
  },
});
