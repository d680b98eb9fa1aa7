/**
 * Trigram signatures, for search (lib/library/search-index.ts). Scanning every abstract for a word
 * costs ~10 ms per 10,000 papers (15 MB of text), most of it spent on the papers that do not have
 * the word. So each paper keeps a signature: one bit per
 * hashed trigram of its text, 4,096 bits, a quarter of them set for a typical paper. A needle with
 * a trigram whose bit is clear is not in the paper, and the scan is skipped; one with 4 trigrams
 * is scanned in vain in under 1% of the papers without it.
 */
const SIGNATURE_BITS_LOG2 = 12;
const SIGNATURE_WORDS = (1 << SIGNATURE_BITS_LOG2) / 32;

function gramBit(a: number, b: number, c: number): number {
  return Math.imul((a << 16) ^ (b << 8) ^ c, 0x9e3779b1) >>> (32 - SIGNATURE_BITS_LOG2);
}

/** Signatures are cut from shared blocks: an ArrayBuffer of its own for each of 10,000 papers
 * made garbage collection most of the time it takes to fold them. */
const SIGNATURES_PER_BLOCK = 256;
let block = new Uint32Array(0);
let blockUsed = 0;

function newSignature(): Uint32Array {
  if (blockUsed === block.length) {
    block = new Uint32Array(SIGNATURE_WORDS * SIGNATURES_PER_BLOCK);
    blockUsed = 0;
  }
  blockUsed += SIGNATURE_WORDS;
  return block.subarray(blockUsed - SIGNATURE_WORDS, blockUsed);
}

export function signature(text: string): Uint32Array {
  const bits = newSignature();
  let a = text.charCodeAt(0);
  let b = text.charCodeAt(1);
  for (let i = 2; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const bit = gramBit(a, b, c);
    const word = bit >>> 5;
    bits[word] = (bits[word] ?? 0) | (1 << (bit & 31));
    a = b;
    b = c;
  }
  return bits;
}

/** The needle's trigrams as (word, mask) pairs to check against a signature; null if it has none. */
export function needleGrams(needle: string): Int32Array | null {
  if (needle.length < 3) return null;
  const seen = new Set<number>();
  for (let i = 2; i < needle.length; i++) seen.add(gramBit(needle.charCodeAt(i - 2), needle.charCodeAt(i - 1), needle.charCodeAt(i)));
  const pairs = new Int32Array(seen.size * 2);
  let i = 0;
  for (const bit of seen) {
    pairs[i++] = bit >>> 5;
    pairs[i++] = 1 << (bit & 31);
  }
  return pairs;
}

export function mayContain(bits: Uint32Array, pairs: Int32Array): boolean {
  for (let i = 0; i < pairs.length; i += 2) if (((bits[pairs[i] as number] as number) & (pairs[i + 1] as number)) === 0) return false;
  return true;
}
