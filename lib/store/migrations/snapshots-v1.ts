/**
 * Snapshots schema v1 (shipped with snapshots, issue #15): what a snapshot is (`entries`, small,
 * listed) apart from its compressed library (`bodies`, read only to restore or download), so the
 * list never reads megabytes. Frozen: a later change is a new step beside this one.
 */
import type { UpgradeDatabase } from './migration';

export function v1Snapshots(db: UpgradeDatabase): void {
  db.createObjectStore('entries', { keyPath: 'id', autoIncrement: true });
  db.createObjectStore('bodies');
}
