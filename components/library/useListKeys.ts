/**
 * The reading list's keys, on the whole page (the popup opens with the focus on its body, outside
 * the list): `/` focuses the search; arrows, Home and End move the cursor row (arrows also from
 * the search box); Enter opens the cursor's paper, Delete or Backspace removes it. Typing in a
 * field is never taken.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RefObject } from 'preact';
import { isTyping } from '@/lib/keyboard/key-of';

export interface ListKeysOptions {
  /** The ids shown, in order. */
  shown: readonly string[];
  root: RefObject<HTMLDivElement | null>;
  searchBox: RefObject<HTMLInputElement | null>;
  remove: (id: string) => void;
}

/** Returns the cursor's row (-1: none) and its paper. */
export function useListKeys({ shown, root, searchBox, remove }: ListKeysOptions): { cursor: number; currentId: string | null } {
  const [cursor, setCursor] = useState(-1);
  const currentId = cursor >= 0 ? (shown[Math.min(cursor, shown.length - 1)] ?? null) : null;

  const onKey = useRef<(event: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey.current(event);
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
  onKey.current = (event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    const target = event.target as HTMLElement;
    const typing = isTyping(target);
    const inSearch = target === searchBox.current;
    if (event.key === '/' && !typing) {
      event.preventDefault();
      searchBox.current?.focus();
      return;
    }
    if (typing && !(inSearch && (event.key === 'ArrowDown' || event.key === 'ArrowUp'))) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const last = shown.length - 1;
    const moveTo = (index: number) => {
      event.preventDefault();
      setCursor(Math.max(0, Math.min(last, index)));
      // The list takes the focus, so Enter and Delete act on the row.
      root.current?.querySelector<HTMLElement>('.virtual-list')?.focus();
    };
    if (event.key === 'ArrowDown') return moveTo(cursor + 1);
    if (event.key === 'ArrowUp') return moveTo(cursor < 0 ? 0 : cursor - 1);
    if (event.key === 'Home' && !typing) return moveTo(0);
    if (event.key === 'End' && !typing) return moveTo(last);
    if (!currentId || typing || target.closest('button, a, select, input')) return;
    if (event.key === 'Enter') {
      event.preventDefault();
      root.current?.querySelector<HTMLAnchorElement>(`[data-paperlight-id="${CSS.escape(currentId)}"] a.item-title`)?.click();
    } else if (event.key === 'Delete' || event.key === 'Backspace') {
      event.preventDefault();
      remove(currentId);
    }
  };
  return { cursor, currentId };
}
