/**
 * Details of papers saved on another device and synced here (issue #15): sync carries decisions,
 * not titles or abstracts, so such a paper is named by its arXiv id until its details are read from
 * `https://huggingface.co/api/papers/<id>`, a few at a time in the background. A paper whose
 * details could not be read (offline, the site down) is tried again on the next visit to Daily
 * Papers.
 */
import type { SavedPaper } from '../model/records';
import { paperFromApi } from '../site/api-paper';
import type { Store } from '../store';

export interface PaperDetails {
  /** These papers' details are wanted. */
  want(ids: readonly string[]): void;
  /** A Daily Papers page is open: papers whose details failed are tried again (and, the first
   * time, every paper still waiting for its details is found). */
  visit(): void;
  /** Resolves once no fetch is pending (for tests). */
  idle(): Promise<void>;
}

const AT_ONCE = 2;

export function paperDetails(deps: {
  store: () => Promise<Store>;
  fetchJson: (url: string) => Promise<unknown>;
  announce: (saved: SavedPaper[]) => Promise<void>;
}): PaperDetails {
  const queued = new Set<string>();
  const failed = new Set<string>();
  /** Being read: a scan of the library that started before a read finished would ask again. */
  const asked = new Set<string>();
  let active = 0;
  let scanned = false;
  let settle: (() => void) | null = null;
  let settled: Promise<void> = Promise.resolve();

  const fetchOne = async (id: string) => {
    try {
      const input = paperFromApi(id, await deps.fetchJson(`https://huggingface.co/api/papers/${id}`));
      if (!input) throw new Error(`no usable details for ${id}`);
      const store = await deps.store();
      // Only while it is still saved (a save keeps what the user decided and takes the details).
      if ((await store.papers.savedAmong([id])).length === 0) return;
      await deps.announce([await store.papers.save(input)]);
    } catch {
      failed.add(id);
    } finally {
      asked.delete(id);
    }
  };

  const pump = () => {
    if (active === 0 && queued.size > 0 && !settle) settled = new Promise((resolve) => (settle = resolve));
    while (active < AT_ONCE && queued.size > 0) {
      const id = queued.values().next().value!;
      queued.delete(id);
      asked.add(id);
      active++;
      void fetchOne(id).finally(() => {
        active--;
        pump();
      });
    }
    if (active === 0 && queued.size === 0 && settle) {
      settle();
      settle = null;
    }
  };

  const details: PaperDetails = {
    want(ids) {
      for (const id of ids) if (!failed.has(id) && !asked.has(id)) queued.add(id);
      pump();
    },
    visit() {
      for (const id of failed) queued.add(id);
      failed.clear();
      if (!scanned) {
        scanned = true;
        void deps
          .store()
          .then((store) => store.papers.list())
          .then(({ papers }) => details.want(papers.filter((paper) => paper.detailsPending).map((paper) => paper.id)))
          .catch(() => (scanned = false));
      }
      pump();
    },
    idle: () => settled,
  };
  return details;
}
