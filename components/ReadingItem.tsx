import { formatAuthors, formatDate, formatSavedAt } from '@/lib/format';
import { paperUrl } from '@/lib/site/page-kind';
import type { SavedPaper } from '@/lib/store/records';

interface Props {
  paper: SavedPaper;
  now: number;
  onRemove: (id: string) => void;
}

/** One saved paper. All text is rendered as text by Preact; nothing here is HTML. */
export function ReadingItem({ paper, now, onRemove }: Props) {
  const authors = formatAuthors(paper.authors);
  return (
    <li class="item" data-paperlight="reading-item" data-paperlight-id={paper.id}>
      <div class="item-main">
        <a class="item-title" href={paperUrl(paper.id)} target="_blank" rel="noopener noreferrer">
          {paper.title}
        </a>
        {authors && <div class="item-authors">{authors}</div>}
        <div class="item-meta">
          <time dateTime={new Date(paper.savedAt).toISOString()} title={new Date(paper.savedAt).toLocaleString()}>
            Saved {formatSavedAt(paper.savedAt, now)}
          </time>
          {paper.publishedAt && <span> · arXiv {formatDate(paper.publishedAt)}</span>}
          <span> · {paper.id}</span>
        </div>
      </div>
      <button
        type="button"
        class="item-remove"
        data-paperlight="remove"
        aria-label={`Remove “${paper.title}” from the reading list`}
        title="Remove from reading list"
        onClick={() => onRemove(paper.id)}
      >
        ×
      </button>
    </li>
  );
}
