/**
 * The controls above the reading list: the search box and the sort, what is wrong with the query,
 * the state tabs with their counts, and the tag filter.
 */
import type { RefObject } from 'preact';
import { PAPER_STATES, type PaperState } from '@/lib/model/library';
import type { SortKey } from '@/lib/library/search-index';
import { TagChip } from '../TagChip';
import { STATE_LABELS } from './LibraryRow';
import type { LibraryState } from './useLibrary';
import type { ListQuery } from './useListQuery';

const SORT_LABELS: Record<SortKey, string> = { saved: 'Saved date', published: 'arXiv date', title: 'Title', upvotes: 'Upvotes' };

interface Props {
  library: LibraryState;
  list: ListQuery;
  searchBox: RefObject<HTMLInputElement | null>;
}

export function ListControls({ library, list, searchBox }: Props) {
  const { query, result, direction, tagFilter } = list;
  /** A tab's count: of what the search shows; while only the newest are loaded, of every saved
   * paper when nothing narrows the list (the summary counts them), else not known yet. */
  const tabCount = (tab: PaperState | 'all') => {
    if (!library.partial) return result.counts[tab];
    const unfiltered = query.terms.length === 0 && tagFilter.length === 0;
    return unfiltered && library.firstCounts ? library.firstCounts[tab] : '…';
  };

  return (
    <>
      <div class="library-controls">
        <input
          ref={searchBox}
          type="search"
          class="library-search"
          data-paperlight="search"
          value={list.text}
          placeholder='Search: words, "a phrase", tag:rl, author:smith, state:done'
          aria-label="Search the reading list"
          aria-describedby="search-problems"
          onInput={(event) => list.setText(event.currentTarget.value)}
        />
        <div class="library-sort">
          <label>
            Sort
            <select data-paperlight="sort" value={list.sort} onChange={(event) => list.setSort(event.currentTarget.value as SortKey)}>
              {Object.entries(SORT_LABELS).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-paperlight="sort-direction"
            aria-label={direction === 'asc' ? 'Ascending; switch to descending' : 'Descending; switch to ascending'}
            title={direction === 'asc' ? 'Ascending' : 'Descending'}
            onClick={() => list.setDirection(direction === 'asc' ? 'desc' : 'asc')}
          >
            {direction === 'asc' ? '↑' : '↓'}
          </button>
        </div>
      </div>
      <p id="search-problems" class="hint" role="status">
        {query.problems.map((problem) => problem.message).join(' ')}
      </p>
      <div class="state-tabs" role="tablist" aria-label="Reading state">
        {(['all', ...PAPER_STATES] as const).map((tab) => (
          <button
            type="button"
            role="tab"
            key={tab}
            data-paperlight="state-tab"
            data-state={tab}
            aria-selected={list.state === tab}
            onClick={() => list.setState(tab)}
          >
            {tab === 'all' ? 'All' : STATE_LABELS[tab]} <span class="tab-count">{tabCount(tab)}</span>
          </button>
        ))}
      </div>
      {library.tags.length > 0 && (
        <div class="tag-filter" role="group" aria-label="Show papers with these tags">
          {library.tags
            .filter((tag) => tag.count > 0 || tagFilter.includes(tag.key))
            .map((tag) => (
              <button
                type="button"
                key={tag.key}
                class="tag-toggle"
                data-paperlight="tag-filter"
                data-paperlight-tag={tag.key}
                aria-pressed={tagFilter.includes(tag.key)}
                onClick={() => list.toggleTag(tag.key)}
              >
                <TagChip name={tag.name} color={tag.color} />
              </button>
            ))}
        </div>
      )}
    </>
  );
}
