/**
 * A snapshot's restore as a page shows it: what it would change (the preview an import gets), then
 * the background's restore, which takes a snapshot of the library first (its `undo`).
 */
import type { SnapshotEntry } from '../model/snapshot';
import type { Responses } from '../protocol/messages';
import { request } from '../protocol/messaging';
import { parseJson } from './formats/json';
import { planImport, type ImportPlan } from './formats/plan';
import { pageSnapshots, pageStore } from './page-store';
import { readSnapshotText } from './snapshot-file';

export interface RestorePreview {
  entry: SnapshotEntry;
  plan: ImportPlan;
  /** The library's version the plan was worked out from. */
  version: number;
}

/** The snapshot's library, read and checked as a JSON export is. */
export async function snapshotText(entry: SnapshotEntry): Promise<string> {
  return readSnapshotText(await pageSnapshots(), entry);
}

export async function previewRestore(entry: SnapshotEntry): Promise<RestorePreview> {
  const [text, current] = await Promise.all([snapshotText(entry), pageStore().then((store) => store.library.exportAt())]);
  const parsed = parseJson(text);
  if (!parsed.ok) throw new Error(`This snapshot cannot be read: ${parsed.error}`);
  return { entry, plan: planImport(current.library, parsed.library, 'replace'), version: current.version };
}

export function restoreSnapshot(id: number, expectedVersion?: number): Promise<Responses['snapshot.restore']> {
  return request({ type: 'snapshot.restore', id, ...(expectedVersion !== undefined && { expectedVersion }) });
}
