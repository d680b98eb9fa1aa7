/**
 * Which cards the reader actually looked at (issue #16): a card is glimpsed once at least half of it
 * stayed in view for a second while the tab was visible. A card that only flashed past while
 * scrolling, or sat in a background tab, is not. Times come from the IntersectionObserver's entries
 * and the clock, never from how often a timer fired, so a busy machine does not invent glimpses.
 */
export const GLIMPSE_MS = 1_000;
export const GLIMPSE_RATIO = 0.5;

export interface GlimpseTracker {
  /** Watches these card roots (already watched ones stay); roots not given leave. */
  watch(roots: readonly HTMLElement[]): void;
  /** Stops watching everything (a new view, or the feature turned off). */
  clear(): void;
  stop(): void;
}

export interface GlimpseHost {
  doc: Document;
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /** Listens to `visibilitychange` on the document for as long as the page runs. */
  onVisibilityChange(handler: () => void): void;
}

export function trackGlimpses(host: GlimpseHost, idOf: (root: Element) => string | null, onGlimpse: (id: string) => void): GlimpseTracker {
  const { doc } = host;
  /** Roots at least half in view, since when (performance.now() time, only while the tab is visible). */
  const since = new Map<Element, number>();
  const watched = new Set<HTMLElement>();
  let timer: number | null = null;
  const visible = () => doc.visibilityState === 'visible';

  const glimpse = (root: Element) => {
    since.delete(root);
    observer.unobserve(root);
    watched.delete(root as HTMLElement);
    const id = idOf(root);
    if (id) onGlimpse(id);
  };

  /** Settles the roots whose second is up; a timer for the next one due. */
  const check = () => {
    timer = null;
    if (!visible()) return;
    const now = performance.now();
    for (const [root, start] of [...since]) if (now - start >= GLIMPSE_MS) glimpse(root);
    if (since.size === 0) return;
    const next = Math.min(...since.values()) + GLIMPSE_MS;
    timer = host.setTimeout(check, Math.max(0, next - now));
  };
  const schedule = () => {
    if (timer !== null) host.clearTimeout(timer);
    timer = null;
    check();
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const inView = entry.isIntersecting && entry.intersectionRatio >= GLIMPSE_RATIO - 0.01;
        const start = since.get(entry.target);
        if (inView && start === undefined && visible()) since.set(entry.target, entry.time);
        if (!inView && start !== undefined) {
          // Left view: it counts if it stayed its second before it left.
          if (entry.time - start >= GLIMPSE_MS) glimpse(entry.target);
          else since.delete(entry.target);
        }
      }
      schedule();
    },
    { threshold: [0, GLIMPSE_RATIO] },
  );

  host.onVisibilityChange(() => {
    if (!visible()) {
      // What stayed its second before the tab went away counts; the rest starts again on return.
      const now = performance.now();
      for (const [root, start] of [...since]) if (now - start >= GLIMPSE_MS) glimpse(root);
      since.clear();
      if (timer !== null) host.clearTimeout(timer);
      timer = null;
      return;
    }
    // Back in view: observing again reports what is in view now, from now.
    for (const root of watched) {
      observer.unobserve(root);
      observer.observe(root);
    }
  });

  return {
    watch(roots) {
      const keep = new Set(roots);
      for (const root of [...watched]) {
        if (keep.has(root)) continue;
        observer.unobserve(root);
        watched.delete(root);
        since.delete(root);
      }
      for (const root of roots) {
        if (watched.has(root)) continue;
        watched.add(root);
        observer.observe(root);
      }
    },
    clear() {
      observer.disconnect();
      watched.clear();
      since.clear();
      if (timer !== null) host.clearTimeout(timer);
      timer = null;
    },
    stop() {
      this.clear();
    },
  };
}
