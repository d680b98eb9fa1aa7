/**
 * The glimpse tracker (lib/content/glimpses.ts) with a stand-in IntersectionObserver and a clock
 * the test moves: half a card in view for a second while the tab is visible is a glimpse; a flash,
 * or any time in a hidden tab, is not. (The e2e suite checks it on a real page; headless Chromium
 * cannot hide a tab.)
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GLIMPSE_MS, trackGlimpses } from '@/lib/content/glimpses';

class FakeObserver {
  static last: FakeObserver;
  readonly targets = new Set<Element>();
  constructor(readonly callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
    FakeObserver.last = this;
  }
  observe(target: Element) {
    this.targets.add(target);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  /** What the browser reports after a frame: `ratio` of `target` in view, at the current time. */
  report(target: Element, ratio: number) {
    if (!this.targets.has(target)) return;
    this.callback([{ target, isIntersecting: ratio > 0, intersectionRatio: ratio, time: performance.now() }]);
  }
}

let visibility: DocumentVisibilityState = 'visible';
let onVisibility: () => void = () => undefined;

/** `starved`: the page's timers never run (a page too busy for them). */
function setup({ starved = false } = {}) {
  const glimpsed: string[] = [];
  const roots = ['2407.00001', '2407.00002'].map((id) => {
    const root = document.createElement('article');
    root.setAttribute('data-paperlight-id', id);
    return root;
  });
  const tracker = trackGlimpses(
    {
      doc: document,
      setTimeout: (handler, ms) => (starved ? 0 : (setTimeout(handler, ms) as unknown as number)),
      clearTimeout: (id) => clearTimeout(id),
      onVisibilityChange: (handler) => (onVisibility = handler),
    },
    (root) => root.getAttribute('data-paperlight-id'),
    (id) => glimpsed.push(id),
  );
  tracker.watch(roots);
  return { glimpsed, roots, observer: FakeObserver.last, tracker };
}

const hide = (state: DocumentVisibilityState) => {
  visibility = state;
  onVisibility();
};

describe('glimpses', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    visibility = 'visible';
    vi.spyOn(document, 'visibilityState', 'get').mockImplementation(() => visibility);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('count half a card in view for a second, once', () => {
    const { glimpsed, roots, observer } = setup();
    observer.report(roots[0]!, 0.6);
    vi.advanceTimersByTime(GLIMPSE_MS - 1);
    expect(glimpsed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(glimpsed).toEqual(['2407.00001']);
    // Once glimpsed, the card is no longer watched.
    observer.report(roots[0]!, 0);
    observer.report(roots[0]!, 1);
    vi.advanceTimersByTime(GLIMPSE_MS * 3);
    expect(glimpsed).toEqual(['2407.00001']);
  });

  it('do not count a card that flashed past, or one less than half in view', () => {
    const { glimpsed, roots, observer } = setup();
    observer.report(roots[0]!, 1);
    vi.advanceTimersByTime(300);
    observer.report(roots[0]!, 0);
    observer.report(roots[1]!, 0.3);
    vi.advanceTimersByTime(GLIMPSE_MS * 5);
    expect(glimpsed).toEqual([]);
  });

  it('count a second in view that ended with leaving it, by the observer’s times', () => {
    const { glimpsed, roots, observer } = setup({ starved: true });
    observer.report(roots[1]!, 0.5);
    // No timer ran (a busy page): the card left after its second, and still counts.
    vi.advanceTimersByTime(GLIMPSE_MS + 200);
    expect(glimpsed).toEqual([]);
    observer.report(roots[1]!, 0);
    expect(glimpsed).toEqual(['2407.00002']);
  });

  it('never count time in a hidden tab, and start again when it shows', () => {
    const { glimpsed, roots, observer } = setup();
    observer.report(roots[0]!, 1);
    vi.advanceTimersByTime(500);
    hide('hidden');
    vi.advanceTimersByTime(GLIMPSE_MS * 10);
    // A card coming into view while hidden starts nothing.
    observer.report(roots[1]!, 1);
    vi.advanceTimersByTime(GLIMPSE_MS * 10);
    expect(glimpsed).toEqual([]);
    hide('visible');
    // Shown again: observing afresh reports what is in view from now on.
    observer.report(roots[0]!, 1);
    vi.advanceTimersByTime(GLIMPSE_MS - 10);
    expect(glimpsed).toEqual([]);
    vi.advanceTimersByTime(10);
    expect(glimpsed).toEqual(['2407.00001']);
  });

  it('count what stayed its second before the tab was hidden', () => {
    const { glimpsed, roots, observer } = setup();
    observer.report(roots[0]!, 1);
    // Timers of a page about to hide may not run in time: hiding settles what is due.
    vi.spyOn(performance, 'now').mockReturnValue(performance.now() + GLIMPSE_MS + 5);
    hide('hidden');
    expect(glimpsed).toEqual(['2407.00001']);
  });

  it('let cards that left the view go, and stop on clear', () => {
    const { glimpsed, roots, observer, tracker } = setup();
    tracker.watch([roots[1]!]);
    expect([...observer.targets]).toEqual([roots[1]]);
    observer.report(roots[1]!, 1);
    tracker.clear();
    vi.advanceTimersByTime(GLIMPSE_MS * 2);
    expect(glimpsed).toEqual([]);
    expect(observer.targets.size).toBe(0);
  });
});
