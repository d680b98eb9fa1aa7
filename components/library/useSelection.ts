/**
 * The papers selected for bulk actions: a click toggles one, Shift+click a range from the last one
 * clicked (in the order shown), and "select all" takes what the search shows.
 */
import { useRef, useState } from 'preact/hooks';

export interface Selection {
  selected: ReadonlySet<string>;
  /** Selects (or not) paper `id`; with `range`, every paper shown between it and the last clicked. */
  select: (id: string, on: boolean, range: boolean) => void;
  set: (ids: Iterable<string>) => void;
}

export function useSelection(shown: readonly string[]): Selection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const lastClicked = useRef<string | null>(null);

  const select = (id: string, on: boolean, range: boolean) => {
    const next = new Set(selected);
    const anchor = lastClicked.current;
    if (range && anchor && anchor !== id) {
      const from = Math.min(shown.indexOf(anchor), shown.indexOf(id));
      const to = Math.max(shown.indexOf(anchor), shown.indexOf(id));
      if (from >= 0) {
        for (const other of shown.slice(from, to + 1)) {
          if (on) next.add(other);
          else next.delete(other);
        }
      }
    }
    if (on) next.add(id);
    else next.delete(id);
    lastClicked.current = id;
    setSelected(next);
  };

  return { selected, select, set: (ids) => setSelected(new Set(ids)) };
}
