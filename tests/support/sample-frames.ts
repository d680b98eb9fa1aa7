/**
 * Records, frame by frame from the page's first one, how the card of `paperId` is about to be
 * painted: injected before the page loads (Playwright's addInitScript, puppeteer's
 * evaluateOnNewDocument) or into a loaded page. Sampled in a ResizeObserver callback, which runs
 * after every requestAnimationFrame callback and layout, right before paint: what it sees is what
 * the frame shows. It samples until the card has shown for 30 frames, however slow the machine is
 * to get there (never for a fixed time).
 */
export interface Frame {
  visible: boolean;
  muted: string | null;
}

export function sampleFrames(paperId: string): void {
  const frames: Frame[] = [];
  (window as unknown as { __frames: Frame[] }).__frames = frames;
  const tick = () => {
    const observer = new ResizeObserver(() => {
      observer.disconnect();
      const article = document.querySelector(`a[href="/papers/${paperId}"]`)?.closest('article');
      if (article) frames.push({ visible: getComputedStyle(article).visibility === 'visible', muted: article.getAttribute('data-paperlight-muted') });
    });
    observer.observe(document.documentElement);
    if (frames.filter((frame) => frame.visible).length < 30) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** The frames sampled so far, read in the page. */
export function sampledFrames(): Frame[] {
  return (window as unknown as { __frames?: Frame[] }).__frames ?? [];
}
