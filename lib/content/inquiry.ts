/**
 * Asks the background about papers at most once at a time: ids already asked about, and ids with
 * a question on its way, are not asked again; `about` resolves once every given id is answered.
 * A failed question is reported (the caller retries later) and its ids become askable again.
 */
export interface InquiryOptions {
  /** The ids nobody has an answer for yet. */
  unknown: (ids: readonly string[]) => string[];
  /** Asks about `ids` and records the answer. */
  ask: (ids: string[]) => Promise<void>;
  onFailure: (error: unknown) => void;
}

export function inquiry({ unknown, ask, onFailure }: InquiryOptions): (ids: readonly string[]) => Promise<unknown> {
  const asking = new Map<string, Promise<void>>();
  return (ids) => {
    const fresh = unknown(ids).filter((id) => !asking.has(id));
    if (fresh.length > 0) {
      const answer = ask(fresh)
        .catch(onFailure)
        .finally(() => fresh.forEach((id) => asking.delete(id)));
      fresh.forEach((id) => asking.set(id, answer));
    }
    return Promise.all(ids.map((id) => asking.get(id)));
  };
}
