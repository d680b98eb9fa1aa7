/**
 * The content script's view of which papers are saved: filled from the background on demand, kept
 * current by its broadcasts, and painted onto every star of the page that shows a paper.
 */
export type StarPainter = (id: string, saved: boolean | undefined) => void;

export class SavedState {
  private readonly saved = new Map<string, boolean>();

  constructor(private readonly paint: StarPainter) {}

  get(id: string): boolean | undefined {
    return this.saved.get(id);
  }

  set(id: string, saved: boolean): void {
    if (this.saved.get(id) === saved) return;
    this.saved.set(id, saved);
    this.paint(id, saved);
  }

  /** Ids this view has not asked about yet. */
  unknown(ids: Iterable<string>): string[] {
    const result: string[] = [];
    for (const id of ids) if (!this.saved.has(id)) result.push(id);
    return result;
  }

  /** Records the background's answer for `asked`: the saved ones are in `savedIds`. */
  resolve(asked: readonly string[], savedIds: readonly string[]): void {
    const yes = new Set(savedIds);
    for (const id of asked) this.set(id, yes.has(id));
  }
}
