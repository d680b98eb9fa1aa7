/**
 * When Paperlight starts on a page (lib/content/start-moment.ts): after the first frame, then after
 * the page's `load` unless cards are held back or the page is still loading a while later.
 */
import { describe, expect, it } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { HOLDING_PROPERTY, LOAD_WAIT_MS, atStartMoment, type StartCause } from '../../lib/content/start-moment';

/** A page and a context whose frames, timers and events the test fires by hand. */
function harness(state: { readyState: DocumentReadyState; hidden?: boolean; held?: boolean }) {
  let frames: (() => void)[] = [];
  let timers: { due: number; run: () => void }[] = [];
  const listeners = new Map<string, (() => void)[]>();
  let now = 0;
  const doc = {
    get readyState() {
      return state.readyState;
    },
    get visibilityState() {
      return state.hidden ? 'hidden' : 'visible';
    },
    documentElement: {},
    defaultView: {
      getComputedStyle: () => ({ getPropertyValue: (name: string) => (name === HOLDING_PROPERTY && state.held ? ' 1' : '') }),
    },
  } as unknown as Document;
  const ctx = {
    requestAnimationFrame: (run: () => void) => frames.push(run),
    setTimeout: (run: () => void, ms: number) => timers.push({ due: now + ms, run }),
    addEventListener: (_target: unknown, type: string, run: () => void) => listeners.set(type, [...(listeners.get(type) ?? []), run]),
  } as unknown as ContentScriptContext;
  const causes: StartCause[] = [];
  atStartMoment(doc, ctx, (cause) => causes.push(cause));
  /** Runs every timer due by `to` ms, in order (and those they set, when due). */
  const advance = (to: number) => {
    for (;;) {
      const next = timers.filter((timer) => timer.due <= to).sort((a, b) => a.due - b.due)[0];
      if (!next) break;
      timers = timers.filter((timer) => timer !== next);
      now = next.due;
      next.run();
    }
    now = to;
  };
  return {
    causes,
    frame: () => {
      const due = frames;
      frames = [];
      for (const run of due) run();
      advance(now);
    },
    fire: (type: string) => {
      for (const run of listeners.get(type) ?? []) run();
      listeners.delete(type);
      advance(now);
    },
    advance,
  };
}

describe('atStartMoment', () => {
  it('waits for the first frame, then for the load event, and starts one task after it', () => {
    const state: { readyState: DocumentReadyState } = { readyState: 'interactive' };
    const page = harness(state);
    page.advance(5);
    expect(page.causes).toEqual([]);
    page.frame();
    expect(page.causes).toEqual([]);
    state.readyState = 'complete';
    page.fire('load');
    expect(page.causes).toEqual(['load']);
    // Neither the load wait nor the failsafe starts it again.
    page.advance(5_000);
    expect(page.causes).toEqual(['load']);
  });

  it('starts after the first frame when the page has loaded by then', () => {
    const page = harness({ readyState: 'complete' });
    expect(page.causes).toEqual([]);
    page.frame();
    expect(page.causes).toEqual(['loaded']);
  });

  it('does not wait for a page still loading long after its first frame (images on a slow network)', () => {
    const page = harness({ readyState: 'interactive' });
    page.advance(40);
    page.frame();
    page.advance(40 + LOAD_WAIT_MS - 1);
    expect(page.causes).toEqual([]);
    page.advance(40 + LOAD_WAIT_MS);
    expect(page.causes).toEqual(['load-wait']);
    page.fire('load');
    expect(page.causes).toEqual(['load-wait']);
  });

  it('starts at the first frame while hold.css holds the cards back: the reader is waiting on the pass', () => {
    const page = harness({ readyState: 'interactive', held: true });
    page.frame();
    expect(page.causes).toEqual(['held']);
  });

  it('in a hidden tab, which paints no frame, waits for the load event without one', () => {
    const state: { readyState: DocumentReadyState; hidden: boolean } = { readyState: 'interactive', hidden: true };
    const page = harness(state);
    expect(page.causes).toEqual([]);
    state.readyState = 'complete';
    page.fire('load');
    expect(page.causes).toEqual(['load']);
  });

  it('in a hidden tab already loaded, starts at once', () => {
    const page = harness({ readyState: 'complete', hidden: true });
    expect(page.causes).toEqual(['loaded']);
  });

  it('starts at the failsafe when no frame comes, and not again when one does', () => {
    const page = harness({ readyState: 'interactive' });
    page.advance(999);
    expect(page.causes).toEqual([]);
    page.advance(1_000);
    expect(page.causes).toEqual(['failsafe']);
    page.frame();
    page.fire('load');
    page.advance(5_000);
    expect(page.causes).toEqual(['failsafe']);
  });

  it('waits for the parsed page when injected while it is still loading', () => {
    const state: { readyState: DocumentReadyState } = { readyState: 'loading' };
    const page = harness(state);
    page.frame();
    page.advance(2_000);
    expect(page.causes).toEqual([]);
    state.readyState = 'complete';
    page.fire('DOMContentLoaded');
    page.frame();
    expect(page.causes).toEqual(['loaded']);
  });
});
