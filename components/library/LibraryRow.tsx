import { formatAuthors, formatDate, formatDateTime, formatSavedAt } from '@/lib/text/format';
import { PAPER_STATES, type LibraryPaper, type PaperState } from '@/lib/model/library';
import { paperUrl } from '@/lib/site/page-kind';
import type { Tag } from '@/lib/model/records';
import { TagChip } from '../TagChip';

export const STATE_LABELS: Record<PaperState, string> = { 'to-read': 'To read', reading: 'Reading', done: 'Done' };

interface Props {
  paper: LibraryPaper;
  tags: readonly Tag[];
  now: number;
  position: number;
  total: number;
  selected: boolean;
  current: boolean;
  onSelect: (id: string, selected: boolean, range: boolean) => void;
  onState: (id: string, state: PaperState) => void;
  onOpen: (id: string) => void;
  onNote: (id: string) => void;
  onRemove: (id: string) => void;
}

/** One saved paper. Every text is rendered as text by Preact; nothing here is HTML. */
export function LibraryRow({ paper, tags, now, position, total, selected, current, onSelect, onState, onOpen, onNote, onRemove }: Props) {
  const authors = formatAuthors(paper.authors);
  return (
    <li
      id={`row-${paper.id}`}
      class="item"
      data-paperlight="reading-item"
      data-paperlight-id={paper.id}
      data-state={paper.state}
      data-current={current ? '' : undefined}
      aria-setsize={total}
      aria-posinset={position + 1}
    >
      <input
        type="checkbox"
        class="item-select"
        data-paperlight="select"
        checked={selected}
        aria-label={`Select “${paper.title}”`}
        onClick={(event) => onSelect(paper.id, event.currentTarget.checked, event.shiftKey)}
      />
      <div class="item-main">
        {/* elementtiming: the first row's paint is in the timeline (npm run bench reads it). */}
        <a
          class="item-title"
          href={paperUrl(paper.id)}
          target="_blank"
          rel="noopener noreferrer"
          title={paper.title}
          elementtiming={position === 0 ? 'paperlight-first-row' : undefined}
          onClick={() => onOpen(paper.id)}
        >
          {paper.title}
        </a>
        <div class="item-meta">
          {paper.detailsPending && (
            <span class="item-pending" data-paperlight="details-pending">
              Synced from another device: details load on next visit ·{' '}
            </span>
          )}
          <time dateTime={new Date(paper.savedAt).toISOString()} title={formatDateTime(paper.savedAt)}>
            Saved {formatSavedAt(paper.savedAt, now)}
          </time>
          {paper.publishedAt && <span> · arXiv {formatDate(paper.publishedAt)}</span>}
          {paper.upvotes !== null && <span> · ▲ {paper.upvotes}</span>}
          {authors && (
            <>
              {' · '}
              <span class="item-authors">{authors}</span>
            </>
          )}
        </div>
        <div class="item-tags">
          {tags.map((tag) => (
            <TagChip key={tag.key} name={tag.name} color={tag.color} />
          ))}
          {paper.note && (
            <span class="item-note-text" data-paperlight="note-preview" title={paper.note}>
              {paper.note}
            </span>
          )}
        </div>
      </div>
      <div class="item-actions">
        <select
          class="item-state"
          data-paperlight="state"
          value={paper.state}
          aria-label={`State of “${paper.title}”`}
          onChange={(event) => onState(paper.id, event.currentTarget.value as PaperState)}
        >
          {PAPER_STATES.map((state) => (
            <option key={state} value={state}>
              {STATE_LABELS[state]}
            </option>
          ))}
        </select>
        <span class="item-buttons">
          <button
            type="button"
            class={`item-note${paper.note ? ' has-note' : ''}`}
            data-paperlight="note"
            aria-label={paper.note ? `Edit the note on “${paper.title}”` : `Add a note to “${paper.title}”`}
            title={paper.note || 'Add a note'}
            onClick={() => onNote(paper.id)}
          >
            ✎
          </button>
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
        </span>
      </div>
    </li>
  );
}
