/** A paper's text as the page shows it, for the "For you" model (issue #17): what it scores here,
 * and what the background keeps of papers seen and dismissed. */
import type { Page } from './page-feature';
import type { PaperText } from '../ranking/page-model';
import { LIMITS, TEXT_ABSTRACT_MAX } from '../model/limits';

const KEYWORDS_MAX = 40;
const KEYWORD_MAX = 100;

/** Paper `id`'s title, abstract and AI keywords from the page's data (its card's title without
 * it); undefined when the page no longer shows it. */
export function paperTextOf(page: Pick<Page, 'blobPapers' | 'paperFor'>, id: string): PaperText | undefined {
  const blob = page.blobPapers().get(id);
  const title = (blob?.title ?? page.paperFor(id)?.title ?? '').trim().slice(0, LIMITS.title);
  if (!title) return undefined;
  const abstract = (blob?.abstract ?? page.paperFor(id)?.abstract ?? null)?.slice(0, TEXT_ABSTRACT_MAX) ?? null;
  const keywords = (blob?.keywords ?? []).filter((keyword) => keyword.length <= KEYWORD_MAX).slice(0, KEYWORDS_MAX);
  return keywords.length > 0 ? { title, abstract, keywords } : { title, abstract };
}

/** The texts of a view's papers, taken while a pass reads the page's data anyway: reading that
 * data again later (a glimpse reported, a card scored) would cost more than the text itself, and
 * on a 1,000-card page several milliseconds each time. One for the page, shared by its features. */
export interface ViewTexts {
  /** Takes the texts of these papers (those not taken yet); call it during a pass. */
  take(ids: readonly string[]): void;
  /** The paper's text: as taken, else read from the page now. */
  get(id: string): PaperText | undefined;
  /** A new view, or the page's data may have changed. */
  clear(): void;
}

export function viewTexts(page: Pick<Page, 'blobPapers' | 'paperFor'>): ViewTexts {
  const texts = new Map<string, PaperText>();
  return {
    take(ids) {
      for (const id of ids) {
        if (texts.has(id)) continue;
        const text = paperTextOf(page, id);
        if (text) texts.set(id, text);
      }
    },
    get: (id) => texts.get(id) ?? paperTextOf(page, id),
    clear: () => texts.clear(),
  };
}
