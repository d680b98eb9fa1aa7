/**
 * Hands a confirmed import to the background, which writes it (one write path: every write goes
 * through the background, and it tells every view, whether or not the sending page is still open).
 * A library may be larger than one runtime message may be (64 MiB), so its records go in chunks of
 * about `chunkChars` characters of JSON each, between a begin and a commit.
 */
import { LibraryChanged, type ReplaceCounts } from '../store/pages';
import type { Request, Responses } from '../protocol/messages';
import type { Library } from '../model/library';

type ImportType = 'library.import.begin' | 'library.import.chunk' | 'library.import.commit';
/** How the page sends a message (lib/protocol/messaging.ts's request; the tests answer it themselves). */
export type SendImportMessage = <T extends ImportType>(message: Extract<Request, { type: T }>) => Promise<Responses[T]>;

/** 8 Mi characters: UTF-8 (at most 3 bytes a character) keeps a chunk well under 64 MiB. */
export const CHUNK_CHARS = 8 * 1024 * 1024;

type Chunk = { papers: unknown[]; tags: unknown[]; rules: unknown[] };

/** The library's records in chunks of about `chunkChars` characters (a bigger record is a chunk of its own). */
export function* importChunks(library: Library, chunkChars: number): Generator<Chunk> {
  let chunk: Chunk = { papers: [], tags: [], rules: [] };
  let size = 0;
  const records = [
    ...library.papers.map((record) => ['papers', record] as const),
    ...library.tags.map((record) => ['tags', record] as const),
    ...library.rules.map((record) => ['rules', record] as const),
  ];
  for (const [kind, record] of records) {
    const length = JSON.stringify(record).length;
    if (size > 0 && size + length > chunkChars) {
      yield chunk;
      chunk = { papers: [], tags: [], rules: [] };
      size = 0;
    }
    chunk[kind].push(record);
    size += length;
  }
  yield chunk;
}

/**
 * Sends `library` to replace the stored one if it is still at `expectedVersion` (the version the
 * preview was worked out from); throws LibraryChanged when it is not. All or nothing: the
 * background writes only at the commit, and only when every chunk arrived. Every message is sent
 * before any answer is awaited, so a popup that closes right after "Apply" has sent its import
 * whole (messages from one page arrive in order).
 */
export async function sendImport(send: SendImportMessage, library: Library, expectedVersion: number, chunkChars = CHUNK_CHARS): Promise<ReplaceCounts> {
  const importId = crypto.randomUUID();
  const sent: Promise<unknown>[] = [send({ type: 'library.import.begin', importId, expectedVersion })];
  let index = 0;
  sent.push(send({ type: 'library.import.chunk', importId, index: index++, settings: library.settings, ...(library.seen && { seen: library.seen }), ...(library.ranking && { ranking: library.ranking }) }));
  for (const chunk of importChunks(library, chunkChars)) sent.push(send({ type: 'library.import.chunk', importId, index: index++, ...chunk }));
  const committed = send({ type: 'library.import.commit', importId, chunks: index });
  // The commit's answer says what happened; an earlier refusal is the reason it failed.
  const [result] = await Promise.all([committed, ...sent]);
  if ('changed' in result) throw new LibraryChanged();
  return result.imported;
}
