/**
 * Sync ledger schema v1 (shipped with sync, issue #15): one store of this device's copy of the sync
 * document, a record per arXiv month of papers plus one for tags, rules and settings, and the
 * device's own sync state. Frozen: a later change is a new step beside this one.
 */
import type { UpgradeDatabase } from './migration';

export function v1SyncLedger(db: UpgradeDatabase): void {
  db.createObjectStore('ledger');
}
