/**
 * Paperlight's own actions on a page that can be taken back (a star, a tag, a hidden paper), newest
 * last. Bounded, so a long session does not grow it without end.
 */
export interface Undoable {
  /** What the user is told was undone ("star on “Tora”"). */
  label: string;
  undo: () => Promise<unknown> | void;
}

export class UndoStack {
  private readonly entries: Undoable[] = [];

  constructor(private readonly max = 50) {}

  push(entry: Undoable): void {
    this.entries.push(entry);
    if (this.entries.length > this.max) this.entries.shift();
  }

  /** Takes back the newest action; null when there is none. */
  pop(): Undoable | null {
    return this.entries.pop() ?? null;
  }

  get size(): number {
    return this.entries.length;
  }
}
