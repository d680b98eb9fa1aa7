import { readFirstPageRecords } from '@/lib/store/first-page-records';

/**
 * Loaded by the popup's and the full page's HTML before their modules: starts reading the first
 * screenful while the rest of the page's code is fetched, compiled and run (~40 ms on a 2-core
 * machine), so the first rows need not wait for it. useLibrary takes the answer.
 */
export default defineUnlistedScript(() => {
  window.paperlightFirstPage = readFirstPageRecords();
});
