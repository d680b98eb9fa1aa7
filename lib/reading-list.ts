/** The reading list as views hold it: newest save first, kept current by broadcasts. */
import type { PapersChanged } from './messages';
import type { SavedPaper } from './store/records';

export function newestFirst(papers: SavedPaper[]): SavedPaper[] {
  return [...papers].sort((a, b) => b.savedAt - a.savedAt || a.id.localeCompare(b.id));
}

/** The list after a change broadcast by the background. */
export function applyChange(papers: readonly SavedPaper[], change: PapersChanged): SavedPaper[] {
  const gone = new Set([...change.removed, ...change.saved.map((paper) => paper.id)]);
  return newestFirst([...papers.filter((paper) => !gone.has(paper.id)), ...change.saved]);
}
