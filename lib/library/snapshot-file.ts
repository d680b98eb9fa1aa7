/**
 * A snapshot's contents: the library as its Paperlight JSON export, gzip-compressed with the
 * browser's own CompressionStream, in two parts. The body is the export with every abstract left
 * out; the abstracts go to shards of one arXiv month each, keyed by month and a fingerprint of their text,
 * which the snapshots share (an abstract rarely changes, so a new snapshot stores only the months
 * that did). Joined, they are the export's text: a snapshot downloads as an export and restores
 * through the export's checks. (10,000 papers: ~20 MB of text, 15 MB of it abstracts.)
 */
import type { Library } from '../model/library';
import type { SnapshotEntry } from '../model/snapshot';
import type { ReadSnapshots } from '../store/pages';
import { exportJsonParts } from './formats/json';

export interface PackedSnapshot {
  body: ArrayBuffer;
  /** The abstract shards the snapshot names, by key. */
  keys: string[];
  /** Those of them not kept yet, compressed. */
  shards: Map<string, ArrayBuffer>;
  /** What it adds to storage: the body and the new shards. */
  bytes: number;
  /** Milliseconds spent on the abstracts' shards and on the body (npm run bench §1e). */
  ms: { shards: number; body: number };
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer> {
  // One write: piping a Blob's stream through the compressor took 1.0–1.5 s for 10,000 papers in
  // Chromium, one write 0.7–0.85 s (gzip itself is most of that).
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  // A failure shows on the readable side, which the Response reads (and rejects with).
  writer.write(bytes).catch(() => undefined);
  writer.close().catch(() => undefined);
  return new Response(stream.readable).arrayBuffer();
}

async function gunzip(body: ArrayBuffer): Promise<string> {
  return new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
}

const monthOf = (id: string) => /^(\d{4})\./.exec(id)?.[1] ?? 'other';

/**
 * A fingerprint of one month's abstracts (ids and texts in order): two 32-bit multiplicative
 * hashes and the length, 64 bits and more, computed over the strings as they are. It names the
 * month's shard, so a month whose abstracts did not change is found kept without turning 15 MB
 * of text into bytes again (encoding and SHA-256 took ~700 ms for 10,000 papers).
 */
function fingerprint(entries: Iterable<readonly [string, string]>): string {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  let length = 0;
  const feed = (text: string) => {
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
      b ^= b >>> 15;
    }
    // A separator no text holds, so ("ab", "c") and ("a", "bc") differ.
    a = Math.imul(a ^ 0x10000, 0x01000193);
    b = Math.imul(b ^ 0x10000, 0x5bd1e995);
    length += text.length + 1;
  };
  for (const [id, text] of entries) {
    feed(id);
    feed(text);
  }
  return `${(a >>> 0).toString(36)}${(b >>> 0).toString(36).padStart(7, '0')}-${length.toString(36)}`;
}

/** The library packed, given the keys of the abstract shards already kept (`kept`). */
export async function packSnapshot(library: Library, now: number, kept: ReadonlySet<string>): Promise<PackedSnapshot> {
  const started = performance.now();
  const months = new Map<string, Record<string, string>>();
  const papers = library.papers.map((paper) => {
    if (paper.abstract === null) return paper;
    const month = monthOf(paper.id);
    const abstracts = months.get(month) ?? {};
    months.set(month, abstracts);
    abstracts[paper.id] = paper.abstract;
    return { ...paper, abstract: null };
  });
  const encoder = new TextEncoder();
  const keys: string[] = [];
  const shards = new Map<string, ArrayBuffer>();
  for (const [month, abstracts] of months) {
    const key = `${month}:${fingerprint(Object.entries(abstracts))}`;
    keys.push(key);
    if (!kept.has(key)) shards.set(key, await gzip(encoder.encode(JSON.stringify(abstracts))));
  }
  const bodyStarted = performance.now();
  const body = await gzip(new Uint8Array(await new Blob(exportJsonParts({ ...library, papers }, now)).arrayBuffer()));
  let bytes = body.byteLength;
  for (const shard of shards.values()) bytes += shard.byteLength;
  return { body, keys, shards, bytes, ms: { shards: bodyStarted - started, body: performance.now() - bodyStarted } };
}

/** The export's text of a snapshot from its parts (a v1 snapshot's body is the whole text). A
 * shard that is gone leaves its papers without their abstracts rather than the snapshot unread. */
export async function unpackSnapshotText(body: ArrayBuffer, shards: ReadonlyMap<string, ArrayBuffer>): Promise<string> {
  const text = await gunzip(body);
  if (shards.size === 0) return text;
  const abstracts = new Map<string, string>();
  for (const shard of shards.values()) {
    for (const [id, abstract] of Object.entries(JSON.parse(await gunzip(shard)) as Record<string, unknown>)) {
      if (typeof abstract === 'string') abstracts.set(id, abstract);
    }
  }
  const file = JSON.parse(text) as Omit<Library, 'seen'> & { exportedAt?: string; seen?: unknown };
  const papers = file.papers.map((paper) => {
    const abstract = typeof paper?.id === 'string' ? abstracts.get(paper.id) : undefined;
    return abstract === undefined ? paper : { ...paper, abstract };
  });
  const { seen, ...rest } = file;
  return exportJsonParts({ ...rest, papers }, Date.parse(file.exportedAt ?? '') || Date.now(), Array.isArray(seen) ? seen : undefined).join('');
}

/** A kept snapshot's export text, read from `snapshots`. */
export async function readSnapshotText(snapshots: ReadSnapshots, entry: SnapshotEntry): Promise<string> {
  const body = await snapshots.body(entry.id);
  if (!body) throw new Error('This snapshot is no longer kept.');
  return unpackSnapshotText(body, await snapshots.abstractShards(entry.abstractShards ?? []));
}

/** `paperlight-snapshot-2026-12-05-0930.json`, in the reader's own time. */
export function snapshotFileName(entry: Pick<SnapshotEntry, 'takenAt'>): string {
  const at = new Date(entry.takenAt);
  const two = (n: number) => String(n).padStart(2, '0');
  return `paperlight-snapshot-${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}-${two(at.getHours())}${two(at.getMinutes())}.json`;
}
