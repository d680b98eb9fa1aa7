/**
 * Asks the background about papers with at most one question on its way at a time: ids that come
 * up meanwhile wait and go together in the next question, so a pass over 1,000 cards (125 batches
 * of 8) asks a handful of times instead of 125, and the background, busy with one answer, is not
 * queued a hundred more. Ids already asked about, or waiting to be, are not asked again; `about`
 * resolves once every given id is answered. A failed question is reported (the caller retries
 * later) and its ids become askable again.
 */
export interface InquiryOptions {
  /** The ids nobody has an answer for yet. */
  unknown: (ids: readonly string[]) => string[];
  /** Asks about `ids` and records the answer. */
  ask: (ids: string[]) => Promise<void>;
  onFailure: (error: unknown) => void;
}

interface NextQuestion {
  ids: string[];
  answered: Promise<void>;
  resolve: () => void;
}

export function inquiry({ unknown, ask, onFailure }: InquiryOptions): (ids: readonly string[]) => Promise<unknown> {
  const asking = new Map<string, Promise<void>>();
  let onItsWay = false;
  let next: NextQuestion | null = null;

  const send = (ids: string[]): Promise<void> => {
    onItsWay = true;
    return ask(ids)
      .catch(onFailure)
      .finally(() => {
        ids.forEach((id) => asking.delete(id));
        onItsWay = false;
        const waiting = next;
        next = null;
        if (waiting) void send(waiting.ids).then(waiting.resolve);
      });
  };

  const later = (): NextQuestion => {
    if (next) return next;
    let resolve!: () => void;
    const answered = new Promise<void>((done) => (resolve = done));
    return (next = { ids: [], answered, resolve });
  };

  return (ids) => {
    const fresh = unknown(ids).filter((id) => !asking.has(id));
    if (fresh.length > 0) {
      let answer: Promise<void>;
      if (onItsWay) {
        const waiting = later();
        waiting.ids.push(...fresh);
        answer = waiting.answered;
      } else {
        answer = send(fresh);
      }
      fresh.forEach((id) => asking.set(id, answer));
    }
    return Promise.all(ids.map((id) => asking.get(id)));
  };
}
