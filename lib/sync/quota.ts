/**
 * What `storage.sync` allows (the same in Chrome and Firefox), and what Paperlight keeps of it.
 * https://developer.chrome.com/docs/extensions/reference/api/storage#property-sync
 */
export const SYNC_QUOTA = {
  bytes: 102_400,
  perItem: 8_192,
  items: 512,
  writesPerMinute: 120,
  writesPerHour: 1_800,
} as const;

/** Room left free, so that a write that grows an item by a little never meets the quota. */
const HEADROOM = 2_048;
export const SYNC_BUDGET = { bytes: SYNC_QUOTA.bytes - HEADROOM, items: SYNC_QUOTA.items - 12 } as const;

/** Paperlight's writes, spaced: a burst of changes is one write, and the browser's own limits
 * (writesPerMinute, writesPerHour) are never reached, even with several devices writing. */
export const WRITE_SPACING = { minMs: 1_000, perHour: 600 } as const;

/** Notes longer than this stay on the device they were written on: one such note would take the
 * room of a hundred papers' decisions. */
export const NOTE_SYNC_MAX = 2_048;

/** How long a removal is kept in sync for every device to see it, before only devices that saw it
 * keep it. */
export const TOMBSTONE_MS = 90 * 24 * 60 * 60 * 1000;

/** Every key Paperlight writes in `storage.sync` starts so (another format would get its own). */
export const SYNC_KEY_PREFIX = 'pl1.';

/** What `storage.sync` counts for an item: its key and its value as JSON, in UTF-8 bytes. */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key).length + new TextEncoder().encode(JSON.stringify(value)).length;
}
