import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { afterFirstFrame } from '@/lib/content/after-first-frame';

/** A context whose frames, timers and listeners are the window's (fake timers drive them). */
function context(): ContentScriptContext {
  return {
    requestAnimationFrame: (run: FrameRequestCallback) => setTimeout(() => run(performance.now()), 16),
    setTimeout: (run: () => void, ms: number) => setTimeout(run, ms),
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions) => target.addEventListener(type, handler, options),
  } as unknown as ContentScriptContext;
}

/** A document in a given ready state, visible, with or without hold.css's flag. */
function page(readyState: DocumentReadyState, holding = false): Document {
  const doc = document.implementation.createHTMLDocument('page');
  Object.defineProperty(doc, 'readyState', { get: () => readyState });
  Object.defineProperty(doc, 'visibilityState', { get: () => 'visible' });
  if (holding) doc.documentElement.style.setProperty('--paperlight-holding', '1');
  return doc;
}

describe('afterFirstFrame', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts after the first frame when the page has loaded', () => {
    const start = vi.fn();
    afterFirstFrame(page('complete'), context(), start);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(17);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('waits for the page’s load after the first frame, so its load event is not held back', () => {
    const start = vi.fn();
    afterFirstFrame(page('interactive'), context(), start);
    vi.advanceTimersByTime(50);
    expect(start).not.toHaveBeenCalled();
    window.dispatchEvent(new Event('load'));
    vi.advanceTimersByTime(1);
    expect(start).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(2_000);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('starts anyway when the load is slow to come', () => {
    const start = vi.fn();
    afterFirstFrame(page('interactive'), context(), start);
    vi.advanceTimersByTime(16 + 149);
    expect(start).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('does not wait for the load while hold.css holds the cards back', () => {
    const start = vi.fn();
    afterFirstFrame(page('interactive', true), context(), start);
    vi.advanceTimersByTime(17);
    expect(start).toHaveBeenCalledTimes(1);
  });
});
