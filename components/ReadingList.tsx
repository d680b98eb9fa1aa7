import type { SavedPaper, Tag } from '@/lib/store/records';
import { ReadingItem } from './ReadingItem';

interface Props {
  papers: SavedPaper[];
  /** The tags of each paper, in the order they were added. */
  tagsOf: (id: string) => readonly Tag[];
  now: number;
  onRemove: (id: string) => void;
}

export function ReadingList({ papers, tagsOf, now, onRemove }: Props) {
  if (papers.length === 0) {
    return (
      <div class="empty" data-paperlight="empty-list">
        <p class="empty-title">Your reading list is empty.</p>
        <p>
          Open <a href="https://huggingface.co/papers" target="_blank" rel="noopener noreferrer">huggingface.co/papers</a>{' '}
          and click the ☆ star under a paper’s title to save it here.
        </p>
      </div>
    );
  }
  return (
    <ul class="list" aria-label="Saved papers">
      {papers.map((paper) => (
        <ReadingItem key={paper.id} paper={paper} tags={tagsOf(paper.id)} now={now} onRemove={onRemove} />
      ))}
    </ul>
  );
}
