/**
 * The seen ledger's records of the view's papers, read once per view for every feature that needs
 * them (what is new, lasting dismissals): one `seen.get` per batch of cards, not one per feature.
 * A new view reads afresh, since the last one's glimpses changed the records.
 */
import type { SeenRecord } from '../model/seen';
import { request } from '../protocol/messaging';
import { inquiry } from './inquiry';

export interface SeenLedger {
  /** Reads the records of `ids` not read yet; resolves once all of them are known. */
  read(ids: readonly string[]): Promise<unknown>;
  /** The record of `id` as read (null: none), undefined until read. */
  get(id: string): SeenRecord | null | undefined;
  /** Hears each answer: the ids it was about, read just now. */
  onAnswer(listener: (ids: readonly string[]) => void): void;
  /** Reads everything again from the next `read` (a new view, an import). */
  forget(): void;
}

export function seenLedger(onFailure: (error: unknown) => void): SeenLedger {
  let known = new Map<string, SeenRecord | null>();
  const listeners: ((ids: readonly string[]) => void)[] = [];
  const ask = inquiry({
    unknown: (ids) => ids.filter((id) => !known.has(id)),
    ask: async (ids) => {
      const found = await request({ type: 'seen.get', ids });
      // An answer asked for by the view before counts for this one too: the paper's record as of
      // a moment ago (a question on its way is not asked again).
      const fresh = ids.filter((id) => !known.has(id));
      for (const id of fresh) known.set(id, found[id] ?? null);
      for (const listener of listeners) listener(fresh);
    },
    onFailure,
  });
  return {
    read: ask,
    get: (id) => known.get(id),
    onAnswer: (listener) => void listeners.push(listener),
    forget: () => (known = new Map()),
  };
}
