/** What the options page shows about sync (issue #15): the background's answer to `sync.status`. */
export interface SyncStatus {
  enabled: boolean;
  /** `syncing` while a sync runs; `waiting` while it holds back for the browser's limits or a
   * failure (then `message` says why, in plain words). */
  activity: 'idle' | 'syncing' | 'waiting';
  /** When this device last read and wrote sync storage without a failure (epoch ms). */
  lastSyncAt: number | null;
  /** Bytes and items Paperlight uses in the browser's sync storage, and the quota. */
  bytes: number;
  quotaBytes: number;
  items: number;
  /** Saved papers, and how many of them sync (the rest stay on this device: `localOnly`). */
  saved: number;
  savedSynced: number;
  localOnly: string[];
  /** Saved papers whose note is too long to sync. */
  longNotes: string[];
  /** The longest note that syncs, in characters. */
  noteLimit: number;
  /** Records from another device that could not be read (another version, or damaged), skipped. */
  unreadable: number;
  /** Rules from another device that could not be added here (each with why). */
  refusedRules: string[];
  message: string | null;
}
