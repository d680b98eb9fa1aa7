/** The background's request handler over a test store, as an extension page speaks to it (not a
 * test file itself). */
import { handleRequest, type BackgroundDeps } from '@/lib/background/handle-request';
import type { Broadcast, Request } from '@/lib/protocol/messages';
import type { Store } from '@/lib/store';

export function backgroundOn(store: Store, extra: Partial<BackgroundDeps> = {}) {
  const broadcasts: Broadcast[] = [];
  const deps: BackgroundDeps = {
    store: async () => store,
    broadcast: async (change) => void broadcasts.push(change),
    setPageStatus: async () => {},
    getPageStatus: async () => null,
    publishRules: async () => {},
    ...extra,
  };
  /** Sends `message` from an extension page; the reply's value, or its error thrown. */
  const send = async (message: Request): Promise<unknown> => {
    const reply = await handleRequest(deps, message, { extensionPage: true });
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { deps, broadcasts, send };
}
