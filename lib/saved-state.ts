/**
 * The content script's view of which papers are saved: filled from the background on demand, kept
 * current by its broadcasts, and painted onto every star of the page that shows a paper.
 */

/** Repaints the stars of the papers in `ids` (one call per change, however many papers). */
export type StarPainter = (ids: ReadonlySet<string>) => void;

export class SavedState {
  private readonly saved = new Map<string, boolean>();

  constructor(private readonly paint: StarPainter) {}

  get(id: string): boolean | undefined {
    return this.saved.get(id);
  }

  set(id: string, saved: boolean): void {
    if (this.record(id, saved)) this.paint(new Set([id]));
  }

  /** Forgets every answer (the page came back from the back/forward cache and may be stale). */
  forget(): void {
    this.saved.clear();
  }

  /** Ids this view has not asked about yet. */
  unknown(ids: Iterable<string>): string[] {
    const result: string[] = [];
    for (const id of ids) if (!this.saved.has(id)) result.push(id);
    return result;
  }

  /**
   * Records the background's answer for `asked`: the saved ones are in `savedIds`. Ids that a
   * click or a broadcast settled while the question was on its way keep that newer state.
   */
  resolve(asked: readonly string[], savedIds: readonly string[]): void {
    const yes = new Set(savedIds);
    const changed = new Set<string>();
    for (const id of asked) if (!this.saved.has(id) && this.record(id, yes.has(id))) changed.add(id);
    if (changed.size > 0) this.paint(changed);
  }

  private record(id: string, saved: boolean): boolean {
    if (this.saved.get(id) === saved) return false;
    this.saved.set(id, saved);
    return true;
  }
}
