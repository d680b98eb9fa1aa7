/**
 * v5 (frozen): reading states and notes. Old records are rewritten with the defaults, because a
 * record without a state is missing from the index and the badge counts "to read" through it.
 */
import type { Migration } from './migration';

export const v5: Migration = (_db, tx) => {
  const papers = tx.objectStore('papers');
  papers.createIndex('state', 'state');
  const fill = async () => {
    for (let cursor = await papers.openCursor(); cursor; cursor = await cursor.continue()) {
      const old = cursor.value as Record<string, unknown>;
      await cursor.update({ state: 'to-read', note: '', ...old });
    }
  };
  // A failed write aborts the upgrade, so opening fails and the database stays at v4: that is
  // where the error surfaces, not here.
  return fill().catch(() => undefined);
};
