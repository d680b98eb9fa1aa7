import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';

interface Props {
  count: number;
  /** Every row is this tall (px): the list can then place any row without measuring. */
  rowHeight: number;
  /** Rows drawn beyond the visible ones, above and below, so fast scrolling shows no gap. */
  overscan?: number;
  renderRow: (index: number) => ComponentChildren;
  label: string;
  /** Scrolls so this row is visible (keyboard navigation). */
  scrollTo?: number | null;
  /** The element id of the keyboard's current row, for assistive technology. */
  activeId?: string | null;
}

/**
 * A list that draws only the rows in view: 10,000 saved papers cost what 20 do. Rows keep their
 * position in the full list (`aria-setsize`, `aria-posinset`) for assistive technology.
 */
export function VirtualList({ count, rowHeight, overscan = 6, renderRow, label, scrollTo = null, activeId = null }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(400);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setHeight(el.clientHeight || 400);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el || scrollTo === null || scrollTo < 0) return;
    const top = scrollTo * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  }, [scrollTo, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  const rows = [];
  for (let index = first; index < last; index++) rows.push(renderRow(index));

  return (
    <div
      class="virtual-list"
      ref={box}
      tabIndex={0}
      role="group"
      aria-label={label}
      aria-activedescendant={activeId ?? undefined}
      onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
    >
      {/* The rows before the first drawn one are padding: the list keeps its full height. */}
      <ul class="virtual-rows" aria-label={label} style={{ height: `${count * rowHeight}px`, paddingTop: `${first * rowHeight}px` }}>
        {rows}
      </ul>
    </div>
  );
}
