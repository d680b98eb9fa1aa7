/** The next frame's paint has happened (or is about to): for the timeline's measures, and to let
 * a screenful show before work that would hold its paint back. */
export const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
