/** The next frame's paint has happened (or is about to): for the timeline's measures, and to let
 * a screenful show before work that would hold its paint back. A hidden tab paints no frames (its
 * `requestAnimationFrame` waits until it is shown again), so there it resolves at once: nothing
 * that waits on this may stall in a background tab (the import panel once stayed busy there). */
export const painted = () =>
  new Promise<void>((resolve) => {
    const done = () => {
      document.removeEventListener('visibilitychange', done);
      setTimeout(resolve, 0);
    };
    if (document.visibilityState === 'hidden') return done();
    document.addEventListener('visibilitychange', done);
    requestAnimationFrame(done);
  });
