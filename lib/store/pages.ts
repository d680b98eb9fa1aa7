/**
 * What the extension pages (popup, full-page list, options) use of the store: reads only, and the
 * steps that turn what they read into a view. The pages' own entry to lib/store/, beside index.ts,
 * so their bundles do not carry the write operations (tests/unit/architecture.test.ts allows both).
 */
export { sharedReadStore, type ReadStore } from './read-store';
export { sharedSnapshots, type ReadSnapshots } from './snapshots';
export { LibraryChanged, firstPageFrom, importedView, wholeListFrom } from './library';
export type { FirstPage, LibraryView, LoadedLibrary, ReplaceCounts } from './library';
export { withAbstracts, type AbstractsRead } from './abstracts';
export type { WholeListRecords } from './first-page-records';
