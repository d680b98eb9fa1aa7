/** Names in the database that code without the store's dependencies (entrypoints/first-page.ts)
 * needs too. */
export const DB_NAME = 'paperlight';
/** The `meta` record of the user's settings. */
export const SETTINGS_KEY = 'settings';
/** The `meta` record of counts and the newest saves (see shards.ts). */
export const SUMMARY_KEY = 'summary';

