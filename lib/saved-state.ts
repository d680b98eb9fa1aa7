/**
 * The content script's view of which papers are saved: filled from the background on demand, kept
 * current by its broadcasts, checked again when the background restarted (a broadcast may have been
 * lost with the old worker), and painted onto every star of the page that shows a paper.
 */

/** Repaints the stars of the papers in `ids` (one call per change, however many papers). */
export type StarPainter = (ids: ReadonlySet<string>) => void;

/** How many ids one recheck asks about at once (the background takes at most 10,000). */
const RECHECK_BATCH = 5_000;

export class SavedState {
  private readonly saved = new Map<string, boolean>();
  /** When each paper's state was last set, on `clock`: a recheck read before that is stale for it. */
  private readonly setAt = new Map<string, number>();
  private clock = 0;
  /** The last change queued for each paper whose saves or removals are still on their way. */
  private readonly changing = new Map<string, Promise<void>>();

  constructor(private readonly paint: StarPainter) {}

  get(id: string): boolean | undefined {
    return this.saved.get(id);
  }

  set(id: string, saved: boolean): void {
    this.setAt.set(id, ++this.clock);
    if (this.record(id, saved)) this.paint(new Set([id]));
  }

  /**
   * Shows paper `id` as `saved` at once and sends the change with `send`, after the paper's earlier
   * changes settled: each is retried until the background answers, so two on their way together
   * could land in either order and leave the store holding the older wish. If `send` fails and no
   * later change is queued, the star goes back. Rejects with `send`'s error.
   */
  change(id: string, saved: boolean, send: () => Promise<void>): Promise<void> {
    this.set(id, saved);
    const earlier = this.changing.get(id) ?? Promise.resolve();
    const change = earlier.then(send, send);
    this.changing.set(id, change);
    const settled = (failed: boolean) => {
      if (this.changing.get(id) !== change) return;
      this.changing.delete(id);
      if (failed) this.set(id, !saved);
    };
    return change.then(
      () => settled(false),
      (error: unknown) => {
        settled(true);
        throw error;
      },
    );
  }

  /** Forgets every answer (the page came back from the back/forward cache and may be stale). */
  forget(): void {
    this.saved.clear();
    this.setAt.clear();
  }

  /**
   * Asks the background again about `ids` (with `ask`, which answers with the saved ones) and shows
   * its answer, but for papers with a change on its way (their own answer settles them) and papers
   * that a click or broadcast set while the question was out (theirs is the newer news).
   */
  async recheck(ids: readonly string[], ask: (ids: string[]) => Promise<readonly string[]>): Promise<void> {
    for (let start = 0; start < ids.length; start += RECHECK_BATCH) {
      const asked = ids.slice(start, start + RECHECK_BATCH);
      const askedAt = this.clock;
      const yes = new Set(await ask(asked));
      const changed = new Set<string>();
      for (const id of asked) {
        if (this.changing.has(id) || (this.setAt.get(id) ?? 0) > askedAt) continue;
        if (this.record(id, yes.has(id))) changed.add(id);
      }
      if (changed.size > 0) this.paint(changed);
    }
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
