/**
 * Imports on their way to the background in chunks (a library can be larger than one runtime
 * message may be, 64 MiB): begun with the version the preview was worked out from, added to chunk
 * by chunk, and taken whole at the commit, which checks and writes it in one transaction. Nothing
 * is written before the commit, so an import whose page closed half-way simply never happens.
 */
import { LibraryError } from '../store';

export interface StagedImport {
  expectedVersion: number;
  /** Chunks taken so far, or null once one arrived out of order (or was refused as a message). */
  received: number | null;
  papers: unknown[];
  tags: unknown[];
  rules: unknown[];
  settings?: unknown;
  seen?: Readonly<Record<string, unknown>>;
  ranking?: unknown;
}

export interface ImportChunk {
  index: number;
  papers?: readonly unknown[];
  tags?: readonly unknown[];
  rules?: readonly unknown[];
  settings?: unknown;
  seen?: Readonly<Record<string, unknown>>;
  /** The "For you" section (RankingBackup, checked at the commit). */
  ranking?: unknown;
}

/** Imports begun and not committed: a page that closed mid-way leaves one, which the next drops. */
const KEPT = 4;

export class ImportSessions {
  private readonly staged = new Map<string, StagedImport>();

  begin(id: string, expectedVersion: number): void {
    this.staged.delete(id);
    while (this.staged.size >= KEPT) this.staged.delete(this.staged.keys().next().value!);
    this.staged.set(id, { expectedVersion, received: 0, papers: [], tags: [], rules: [] });
  }

  add(id: string, chunk: ImportChunk): void {
    const staged = this.get(id);
    if (staged.received !== chunk.index) {
      // A chunk is missing (its message was refused): the import is incomplete, whatever follows.
      staged.received = null;
      return;
    }
    staged.received++;
    // One by one: spreading a chunk of a hundred thousand records into push() overflows the stack.
    for (const paper of chunk.papers ?? []) staged.papers.push(paper);
    for (const tag of chunk.tags ?? []) staged.tags.push(tag);
    for (const rule of chunk.rules ?? []) staged.rules.push(rule);
    if (chunk.settings !== undefined) staged.settings = chunk.settings;
    if (chunk.seen !== undefined) staged.seen = chunk.seen;
    if (chunk.ranking !== undefined) staged.ranking = chunk.ranking;
  }

  /** The whole import of `chunks` chunks, forgotten here (a commit is tried once). */
  take(id: string, chunks: number): Omit<StagedImport, 'received'> {
    const { received, ...staged } = this.get(id);
    this.staged.delete(id);
    if (received !== chunks) throw new LibraryError('The import arrived incomplete; nothing was imported. Apply it again.');
    return staged;
  }

  private get(id: string): StagedImport {
    const staged = this.staged.get(id);
    if (!staged) throw new LibraryError('This import was interrupted (Paperlight restarted or another import began); nothing was imported. Apply it again.');
    return staged;
  }
}
