/**
 * What the rest of Paperlight may use of the store: the repository (repository.ts), its errors,
 * the shapes it answers with and the pure steps that turn what it read into a view. Nothing outside
 * lib/store/ imports its other files (tests/unit/architecture.test.ts keeps it so).
 */
export { openStore, sharedStore, storeOn, type Store } from './repository';
export { readStoreOn, sharedReadStore, type ReadStore } from './read-store';
export { LibraryChanged, LibraryError, firstPageFrom, importedView, wholeListFrom } from './library';
export type { FirstPage, LibraryInput, LibraryView, LoadedLibrary, ReplaceCounts } from './library';
export { withAbstracts, type AbstractsRead } from './abstracts';
export type { WholeListRecords } from './first-page-records';
export type { ReadingList } from './papers';
export { openSnapshots, sharedSnapshots, snapshotsOn, type ReadSnapshots, type Snapshots } from './snapshots';
export { openSyncLedger, sharedSyncLedger, LEDGER_STATE_KEY, type SyncLedger } from './sync-ledger';
export type { SyncApplied } from './sync-records';
export type { PaperText, RankingSources, RejectedSuggestion, ResetPoint, SavedSource, StoredTextRecord, TaggedSource } from './ranking';
export { MAX_SEEN_TEXTS } from './ranking';
