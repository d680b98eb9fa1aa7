/**
 * The store as one typed layer: everything Paperlight keeps in its IndexedDB, as operations on
 * papers, notes, tags, rules, settings and the library as a whole. The background writes through
 * it, the extension pages read through it (ReadStore), and the unit tests use it as they do.
 * How records are laid out (shards, the summary, transactions) stays behind it, in lib/store/.
 */
import type { Library } from '../model/library';
import type { DeletedTag, RenameResult, RulesChange, TagChange, TagWithCount } from '../model/changes';
import type { PaperInput, PaperState, SavedPaper } from '../model/records';
import type { Rule, RuleInput } from '../model/rule';
import type { Settings } from '../model/library';
import { sharedConnection } from './shared-connection';
import { openDatabase, type Database } from './database';
import { readStoreOn, type ReadStore } from './read-store';
import {
  countToRead,
  exportLibrary,
  markOpened,
  notesOf,
  removePapers,
  replaceLibrary,
  setNote,
  setStates,
  tagMany,
  type LibraryInput,
  type ReplaceCounts,
} from './library';
import { listPapers, removePaper, savePaper, savedAmong, type ReadingList } from './papers';
import { addRule, applyRuleTags, deleteRule, disableSlowRule, listRules, restoreRule, updateRule } from './rules';
import { readSettings, writeSettings } from './settings';
import { allSeen, forgetSeenBefore, markSeen, replaceSeen, restoreSeen, seenAmong, setDismissed } from './seen';
import type { SeenMark, SeenRecord } from '../model/seen';
import {
  allRejected,
  allTexts,
  backupRanking,
  clearTexts,
  dismissTexts,
  keepTexts,
  manualTags,
  markModelStale,
  readModelRecord,
  readRankingSources,
  rejectSuggestion,
  resetPoint,
  resetRanking,
  restoreRanking,
  seenTextCount,
  unresetRanking,
  writeModelRecord,
  type PaperText,
  type RankingSources,
  type RejectedSuggestion,
  type ResetPoint,
  type StoredTextRecord,
} from './ranking';
import type { RankingBackup } from '../model/library';
import { applySyncPatch, readDecisions, type SyncApplied } from './sync-records';
import type { LocalDecisions, SyncPatch } from '../model/sync-decisions';
import { addTag, deleteTag, listTags, recolorTag, removeTag, renameTag, restoreTag, tagsOf } from './tags';

type NewRule = Omit<RuleInput, 'id' | 'createdAt'>;

/** The whole store, for the background (and the tests). */
export interface Store extends ReadStore {
  readonly papers: {
    save(input: PaperInput, now?: number): Promise<SavedPaper>;
    remove(id: string): Promise<boolean>;
    /** Removes many; the ids that were saved. */
    removeMany(ids: readonly string[]): Promise<string[]>;
    /** Which of `ids` are saved. */
    savedAmong(ids: readonly string[]): Promise<string[]>;
    list(): Promise<ReadingList>;
    /** Moves papers to `state`; the papers whose state changed. */
    setStates(ids: readonly string[], state: PaperState, now?: number): Promise<SavedPaper[]>;
    /** A saved paper opened from a list: its state moves as the settings say. */
    markOpened(id: string, settings: Settings, now?: number): Promise<SavedPaper | null>;
    countToRead(): Promise<number>;
  };
  readonly notes: {
    set(id: string, note: string): Promise<SavedPaper>;
    /** Paper id → note, for those of `ids` that have one. */
    of(ids: readonly string[]): Promise<Record<string, string>>;
  };
  readonly tags: {
    list(): Promise<TagWithCount[]>;
    /** Paper id → its tag keys. */
    of(ids: readonly string[]): Promise<Record<string, string[]>>;
    add(paper: PaperInput, name: string, now?: number): Promise<TagChange>;
    remove(paperId: string, key: string): Promise<TagChange>;
    /** Adds or takes off one tag on many papers. */
    onMany(ids: readonly string[], change: { add?: string; remove?: string }, now?: number): Promise<TagChange>;
    rename(key: string, name: string, merge: boolean): Promise<RenameResult>;
    recolor(key: string, color: string): Promise<TagChange>;
    delete(key: string): Promise<TagChange & { deleted: DeletedTag }>;
    restore(deleted: DeletedTag): Promise<TagChange>;
  };
  readonly rules: {
    list(): Promise<Rule[]>;
    add(input: NewRule, now?: number): Promise<RulesChange & { rule: Rule }>;
    update(id: string, patch: Partial<NewRule>, now?: number): Promise<RulesChange & { rule: Rule }>;
    delete(id: string): Promise<RulesChange & { deleted: Rule }>;
    restore(deleted: Rule, now?: number): Promise<RulesChange & { rule: Rule }>;
    /** Turns off a rule the page found too slow; null when it is gone or off already. */
    disableSlow(id: string, reason: string): Promise<RulesChange | null>;
    /** Records the tags rules gave papers on a page. */
    applyTags(entries: readonly { paper: PaperInput; rule: string }[], now?: number): Promise<TagChange | null>;
  };
  readonly settings: {
    read(): Promise<Settings>;
    write(change: Partial<Settings>): Promise<Settings>;
  };
  readonly library: ReadStore['library'] & {
    export(): Promise<Library>;
    /** Replaces everything with `input`, checked first; refused when the library moved past
     * `expectedVersion` (a plan made on what the user saw). */
    replace(input: LibraryInput, options?: { expectedVersion?: number }): Promise<ReplaceCounts>;
  };
  /** The seen ledger (issue #16): what the reader has seen, and dismissed for good. */
  readonly seen: {
    mark(marks: readonly SeenMark[], now?: number): Promise<void>;
    among(ids: readonly string[]): Promise<Record<string, SeenRecord>>;
    dismiss(ids: readonly string[], at: number | null): Promise<void>;
    restore(records: Readonly<Record<string, SeenRecord | null>>): Promise<void>;
    all(): Promise<Record<string, SeenRecord>>;
    replace(records: Readonly<Record<string, SeenRecord>>): Promise<void>;
    forgetBefore(before: number): Promise<number>;
  };
  /** What the "For you" model learns from (issue #17): texts of papers seen and dismissed, rejected
   * tag suggestions, the reset point, and the last model trained. */
  readonly ranking: {
    /** Keeps the texts a page reports with its marks (the newest few thousand); how many went. */
    keepTexts(entries: readonly { id: string; text: PaperText }[], now?: number): Promise<number>;
    /** Dismissed papers keep their text while dismissed (`at` null: the dismissal taken back). */
    dismissTexts(ids: readonly string[], texts: Readonly<Record<string, PaperText>> | undefined, at: number | null, now?: number): Promise<void>;
    texts(): Promise<StoredTextRecord[]>;
    /** How many seen papers' texts are kept (dismissed ones aside). */
    seenTextCount(): Promise<number>;
    clearTexts(): Promise<void>;
    reject(entry: Omit<RejectedSuggestion, 'at'>, at?: number): Promise<void>;
    rejected(): Promise<RejectedSuggestion[]>;
    resetPoint(): Promise<ResetPoint | null>;
    /** Learning starts again from `at`; the point before it, for an undo. */
    reset(at: number): Promise<number | null>;
    unreset(at: number | null): Promise<void>;
    /** Everything the model learns from, as stored. */
    sources(): Promise<RankingSources>;
    readModel(): Promise<{ record: unknown; stale: boolean }>;
    writeModel(record: unknown): Promise<void>;
    markStale(): Promise<void>;
    /** The backup's `ranking` section; undefined when there is nothing in it. */
    backup(): Promise<RankingBackup | undefined>;
    restore(backup: RankingBackup): Promise<void>;
  };
  /** The library as sync reads and writes it (lib/sync/). */
  readonly sync: {
    decisions(ids: 'all' | readonly string[]): Promise<LocalDecisions>;
    apply(patch: SyncPatch, expectedVersion: number): Promise<SyncApplied>;
  };
  close(): void;
}

/** The store over an open database. */
export function storeOn(db: Database): Store {
  return {
    papers: {
      save: (input, now) => savePaper(db, input, now),
      remove: (id) => removePaper(db, id),
      removeMany: (ids) => removePapers(db, ids),
      savedAmong: (ids) => savedAmong(db, ids),
      list: () => listPapers(db),
      setStates: (ids, state, now) => setStates(db, ids, state, now),
      markOpened: (id, settings, now) => markOpened(db, id, settings, now),
      countToRead: () => countToRead(db),
    },
    notes: {
      set: (id, note) => setNote(db, id, note),
      of: (ids) => notesOf(db, ids),
    },
    tags: {
      list: () => listTags(db),
      of: (ids) => tagsOf(db, ids),
      add: (paper, name, now) => addTag(db, paper, name, now),
      remove: (paperId, key) => removeTag(db, paperId, key),
      onMany: (ids, change, now) => tagMany(db, ids, change, now),
      rename: (key, name, merge) => renameTag(db, key, name, merge),
      recolor: (key, color) => recolorTag(db, key, color),
      delete: (key) => deleteTag(db, key),
      restore: (deleted) => restoreTag(db, deleted),
    },
    rules: {
      list: () => listRules(db),
      add: (input, now) => addRule(db, input, now),
      update: (id, patch, now) => updateRule(db, id, patch, now),
      delete: (id) => deleteRule(db, id),
      restore: (deleted, now) => restoreRule(db, deleted, now),
      disableSlow: (id, reason) => disableSlowRule(db, id, reason),
      applyTags: (entries, now) => applyRuleTags(db, entries, now),
    },
    settings: {
      read: () => readSettings(db),
      write: (change) => writeSettings(db, change),
    },
    library: {
      ...readStoreOn(db).library,
      export: () => exportLibrary(db),
      replace: (input, options) => replaceLibrary(db, input, options),
    },
    seen: {
      mark: (marks, now) => markSeen(db, marks, now),
      among: (ids) => seenAmong(db, ids),
      dismiss: (ids, at) => setDismissed(db, ids, at),
      restore: (records) => restoreSeen(db, records),
      all: () => allSeen(db),
      replace: (records) => replaceSeen(db, records),
      forgetBefore: (before) => forgetSeenBefore(db, before),
    },
    ranking: {
      keepTexts: (entries, now) => keepTexts(db, entries, now),
      dismissTexts: (ids, texts, at, now) => dismissTexts(db, ids, texts, at, now),
      texts: () => allTexts(db),
      seenTextCount: () => seenTextCount(db),
      clearTexts: () => clearTexts(db),
      reject: (entry, at) => rejectSuggestion(db, entry, at),
      rejected: () => allRejected(db),
      resetPoint: () => resetPoint(db),
      reset: async (at) => resetRanking(db, at, await manualTags(db)),
      unreset: (at) => unresetRanking(db, at),
      sources: () => readRankingSources(db),
      readModel: () => readModelRecord(db),
      writeModel: (record) => writeModelRecord(db, record),
      markStale: () => markModelStale(db),
      backup: () => backupRanking(db),
      restore: (backup) => restoreRanking(db, backup),
    },
    sync: {
      decisions: (ids) => readDecisions(db, ids),
      apply: (patch, expectedVersion) => applySyncPatch(db, patch, expectedVersion),
    },
    close: () => db.close(),
  };
}

/** Opens (and upgrades) the database and gives the store over it. `onClose` hears when the
 * connection is gone (a newer version took over), so the owner opens a new one. */
export async function openStore(name?: string, onClose?: () => void): Promise<Store> {
  return storeOn(await openDatabase(name, onClose));
}

/** One shared connection per context (a page asks for the read-only `ReadStore`). */
export function sharedStore(name?: string): () => Promise<Store> {
  return sharedConnection((onClose) => openStore(name, onClose));
}
