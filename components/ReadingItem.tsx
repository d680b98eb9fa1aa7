import { formatAuthors, formatDate, formatSavedAt } from '@/lib/format';
import { paperUrl } from '@/lib/site/page-kind';
import type { SavedPaper, Tag } from '@/lib/store/records';
import { TagChip } from './TagChip';

interface Props {
  paper: SavedPaper;
  tags: readonly Tag[];
  now: number;
  onRemove: (id: string) => void;
}

/** One saved paper. All text is rendered as text by Preact; nothing here is HTML. */
export function ReadingItem({ paper, tags, now, onRemove }: Props) {
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
        {tags.length > 0 && (
          <div class="item-tags">
            {tags.map((tag) => (
              <TagChip key={tag.key} name={tag.name} color={tag.color} />
            ))}
          </div>
        )}
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
