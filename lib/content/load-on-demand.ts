/**
 * Loads the rarely needed features (on-demand.ts) the first time one is used. The content script
 * itself cannot be split (browsers load content scripts as classic scripts), so the chunk is an ES
 * module imported by its extension URL: Chrome 63+ and Firefox 89+ run such a module in the content
 * script's own world, with its access to the extension's API.
 */
import { browser } from 'wxt/browser';
import type * as OnDemand from './on-demand';

/** Where the build puts the chunk (modules/on-demand-chunk.ts); listed in web_accessible_resources. */
export const ON_DEMAND_PATH = '/content-scripts/on-demand.js';

let loading: Promise<typeof OnDemand> | undefined;

/** The on-demand features; the chunk is fetched once per page (a failed load is tried again). */
export function onDemand(): Promise<typeof OnDemand> {
  loading ??= (
    // Firefox's build carries them in the content script itself: addons.mozilla.org's lint refuses
    // an import() whose argument is not a literal, and the size budget is Chrome's, where the chunk
    // is served under a per-session URL. (Vite inlines this import in the content script's build;
    // in Chrome's the branch is dropped, with the module.)
    (import.meta.env.FIREFOX ? import('./on-demand') : import(/* @vite-ignore */ browser.runtime.getURL(ON_DEMAND_PATH))) as Promise<typeof OnDemand>
  ).catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
