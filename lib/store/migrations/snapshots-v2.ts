/**
 * Snapshots schema v2: abstracts kept once (`abstractShards`: one arXiv month's abstracts,
 * compressed, keyed by month and a fingerprint of their text), shared by every snapshot that holds them,
 * so a snapshot's own body carries the reader's decisions and the papers' other details only.
 * v1 snapshots (bodies with their abstracts inside) stay readable as they are. Frozen.
 */
import type { UpgradeDatabase } from './migration';

export function v2AbstractShards(db: UpgradeDatabase): void {
  db.createObjectStore('abstractShards');
}
