/**
 * A snapshot of the whole library, as the snapshots database lists it (the library itself is kept
 * apart, compressed: lib/store/snapshots.ts). Why it was taken decides how long it is kept: the last
 * KEEP.daily daily ones and the last KEEP.before taken before a destructive change.
 */
import * as z from 'zod/mini';

/** Why a snapshot was taken, and how the Data section says it. */
export const SNAPSHOT_REASONS = {
  daily: 'Daily',
  import: 'Before an import replaced the library',
  restore: 'Before a restore',
  'bulk-remove': 'Before removing papers',
  'tag-delete': 'Before deleting a tag',
  'tag-merge': 'Before merging tags',
  'rule-delete': 'Before deleting a rule that tagged papers',
  'seen-clear': 'Before forgetting the papers seen',
} as const;
export type SnapshotReason = keyof typeof SNAPSHOT_REASONS;

export const KEEP = { daily: 7, before: 10 } as const;

const count = () => z.number().check(z.int(), z.nonnegative());

export const SnapshotEntry = z.object({
  id: z.number().check(z.int(), z.positive()),
  takenAt: z.number(),
  reason: z.enum(Object.keys(SNAPSHOT_REASONS) as [SnapshotReason, ...SnapshotReason[]]),
  /** What the change was about, as the user named it (a tag's name, how many papers). */
  detail: z.optional(z.string().check(z.maxLength(200))),
  papers: count(),
  tags: count(),
  rules: count(),
  notes: count(),
  /** What the snapshot added to storage, compressed: its body and the abstract shards no earlier
   * snapshot had. */
  bytes: count(),
  /** The abstract shards it shares (schema v2); absent in a v1 snapshot, whose body holds them. */
  abstractShards: z.optional(z.array(z.string().check(z.maxLength(120))).check(z.maxLength(100_000))),
  /** The library's version it was taken at (a write moves it on): nothing changed since when equal. */
  version: count(),
});
export type SnapshotEntry = z.infer<typeof SnapshotEntry>;

export const snapshotKind = (reason: SnapshotReason): keyof typeof KEEP => (reason === 'daily' ? 'daily' : 'before');
