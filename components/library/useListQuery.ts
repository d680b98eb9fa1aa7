/**
 * What the reading list shows: the search text (parsed), the sort, the state tab and the tag filter,
 * and the search's result over the library's index, recomputed when any of them or the library
 * changes.
 */
import { useMemo, useState } from 'preact/hooks';
import type { PaperState } from '@/lib/model/library';
import { parseQuery, type Query } from '@/lib/library/query';
import { DEFAULT_DIRECTION, type SearchResult, type SortDirection, type SortKey } from '@/lib/library/search-index';
import type { LibraryState } from './useLibrary';

export interface ListQuery {
  text: string;
  setText: (text: string) => void;
  query: Query;
  sort: SortKey;
  /** A new sort key starts in its natural direction (newest first, A to Z). */
  setSort: (key: SortKey) => void;
  direction: SortDirection;
  setDirection: (direction: SortDirection) => void;
  state: PaperState | 'all';
  setState: (state: PaperState | 'all') => void;
  tagFilter: string[];
  toggleTag: (key: string) => void;
  result: SearchResult;
}

export function useListQuery(library: LibraryState): ListQuery {
  const [text, setText] = useState('');
  const [sort, setSortKey] = useState<SortKey>('saved');
  const [direction, setDirection] = useState<SortDirection>(DEFAULT_DIRECTION.saved);
  const [state, setState] = useState<PaperState | 'all'>('all');
  const [tagFilter, setTagFilter] = useState<string[]>([]);

  const query = useMemo(() => parseQuery(text), [text]);
  const result = useMemo(() => {
    const started = performance.now();
    const found = library.index.search(query, { sort, direction, state, tags: tagFilter });
    performance.measure('paperlight:search', { start: started, detail: { papers: library.papers.size, shown: found.ids.length } });
    return found;
    // The index changes in place; `version` says when.
  }, [library.index, library.version, query, sort, direction, state, tagFilter]);

  return {
    text,
    setText,
    query,
    sort,
    setSort: (key) => {
      setSortKey(key);
      setDirection(DEFAULT_DIRECTION[key]);
    },
    direction,
    setDirection,
    state,
    setState,
    tagFilter,
    toggleTag: (key) => setTagFilter(tagFilter.includes(key) ? tagFilter.filter((k) => k !== key) : [...tagFilter, key]),
    result,
  };
}
