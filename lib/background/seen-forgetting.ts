/**
 * The seen ledger forgets papers the reader has not seen for longer than the setting says (a year
 * by default), checked at most once a day while Paperlight is used: after a page's report, so a
 * browser that sits unused forgets nothing. Dismissals are decisions and stay.
 */
import type { Store } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;

export function seenForgetting(): (store: Store, now: number) => Promise<number> {
  let last = -Infinity;
  return async (store, now) => {
    if (now - last < DAY_MS) return 0;
    last = now;
    const { seenDays } = await store.settings.read();
    return store.seen.forgetBefore(now - seenDays * DAY_MS);
  };
}
