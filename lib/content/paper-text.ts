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
