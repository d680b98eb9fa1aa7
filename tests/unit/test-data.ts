/** Records and database names for the unit tests (not a test file itself). */
import { LibraryPaper } from '@/lib/library/model';
import type { PaperInput } from '@/lib/store/records';

let counter = 0;
/** A database name no other test uses (fake-indexeddb is shared by the whole file). */
export function uniqueDbName(): string {
  return `paperlight-test-${Date.now()}-${++counter}-${Math.random().toString(36).slice(2)}`;
}

export function paperInput(id: string, overrides: Partial<PaperInput> = {}): PaperInput {
  return {
    id,
    title: `Paper ${id}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'An abstract.',
    publishedAt: '2024-07-31T17:54:27.000Z',
    organization: null,
    upvotes: 3,
    sourceUrl: 'https://huggingface.co/papers?date=2024-08-01',
    ...overrides,
  };
}

/** A fixed "now" for tests of formats and imports: 2024-08-01T00:00:00Z. */
export const NOW = 1_722_470_400_000;

/** A saved paper as the reading list holds it, saved at `NOW` unless told otherwise. */
export function libraryPaper(id: string, overrides: Partial<LibraryPaper> = {}): LibraryPaper {
  return LibraryPaper.parse({ ...paperInput(id), savedAt: NOW, ...overrides });
}
