/**
 * The popup's first screenful, read before anything else: entrypoints/first-page.ts runs this from
 * a plain script in the page's head, so it depends on nothing but the database's names.
 */
import { DB_NAME, SETTINGS_KEY, SUMMARY_KEY } from './keys';

/** The records the popup's first screenful is made of, as stored (raw: validated by the reader). */
export interface FirstPageRecords {
  summary: unknown;
  settings: unknown;
  tags: unknown[];
  /** The whole list's shards (papers without abstracts, and tag records), read in the same
   * transaction and so at the summary's version: settled once they have arrived, null if that
   * read failed. Each is deserialized when first asked for, so it costs nothing before then. */
  whole?: Promise<WholeListRecords | null>;
}

/** Every shard of the papers and tag-records tables, as stored. */
export interface WholeListRecords {
  paperShards: () => unknown[];
  tagShards: () => unknown[];
}

declare global {
  interface Window {
    /** Read by entrypoints/first-page.ts while the page's modules load. */
    paperlightFirstPage?: Promise<FirstPageRecords | null>;
  }
}

/**
 * Reads the first screenful's records with the bare IndexedDB API (no library, no schemas: this
 * runs before the page's modules are even parsed), and asks for the whole list behind them: it
 * arrives while the page's code loads and its first rows paint, instead of after. Null when the
 * database is missing, older than the summary or busy upgrading: the page then reads the usual
 * way. Never creates the database (opening without a version would make an empty v1, which the
 * migrations could not upgrade).
 */
export function readFirstPageRecords(name = DB_NAME, factory: IDBFactory = indexedDB): Promise<FirstPageRecords | null> {
  return new Promise((resolve) => {
    let request: IDBOpenDBRequest;
    try {
      request = factory.open(name);
    } catch {
      resolve(null);
      return;
    }
    // No database yet (or a newer one being made): the page's own open makes it.
    request.onupgradeneeded = () => request.transaction?.abort();
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // An upgrade elsewhere must not wait for this connection.
      db.onversionchange = () => db.close();
      try {
        const tx = db.transaction(['meta', 'tags', 'paperShards', 'tagShards'], 'readonly');
        const meta = tx.objectStore('meta');
        const summary = meta.get(SUMMARY_KEY);
        const settings = meta.get(SETTINGS_KEY);
        const tags = tx.objectStore('tags').getAll();
        const paperShards = tx.objectStore('paperShards').getAll();
        const tagShards = tx.objectStore('tagShards').getAll();
        let settle: (records: WholeListRecords | null) => void = () => undefined;
        const whole = new Promise<WholeListRecords | null>((done) => (settle = done));
        // Requests succeed in order: the first screenful need not wait for the whole list.
        tags.onsuccess = () => {
          const value = (record: unknown) => (record as { value?: unknown } | undefined)?.value;
          resolve(summary.result === undefined ? null : { summary: value(summary.result), settings: value(settings.result), tags: tags.result, whole });
        };
        tx.oncomplete = () => {
          db.close();
          settle({ paperShards: () => paperShards.result, tagShards: () => tagShards.result });
        };
        tx.onabort = () => {
          db.close();
          resolve(null);
          settle(null);
        };
      } catch {
        // A database from before the shards (v5) has no such stores: the page's open upgrades it.
        db.close();
        resolve(null);
      }
    };
  });
}
