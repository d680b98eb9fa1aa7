/**
 * Orders elements so the ones in the viewport come first, then those below it, then those above
 * (already scrolled past). Elements must be in document order of a top-to-bottom layout.
 */
export function inViewFirst<T extends Element>(elements: T[], scrollY: number): T[] {
  // At the top of the page, document order is viewport order: no layout read needed.
  if (elements.length < 2 || scrollY < 1) return elements;
  let low = 0;
  let high = elements.length;
  // Cards follow the grid row by row, so their bottoms only grow: a binary search finds the first
  // one not entirely above the viewport in a handful of layout reads.
  while (low < high) {
    const middle = (low + high) >> 1;
    if (elements[middle]!.getBoundingClientRect().bottom <= 0) low = middle + 1;
    else high = middle;
  }
  return [...elements.slice(low), ...elements.slice(0, low)];
}
