import './style.css';
import { startPaperlight } from './paperlight';

export default defineContentScript({
  matches: ['https://huggingface.co/papers*'],
  runAt: 'document_end',
  main(ctx) {
    startPaperlight(document, ctx);
  },
});
