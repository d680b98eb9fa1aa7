/**
 * The rules for tag text: trimmed, inner whitespace collapsed, 1–40 characters, unique without
 * regard to case ("LLM" and "llm" are one tag; the first spelling is kept). Tag names are text.
 */

export const MAX_TAG_LENGTH = 40;

export type TagNameResult = { ok: true; name: string; key: string } | { ok: false; error: string };

/** The identity of a tag: its name, case folded. */
export function tagKey(name: string): string {
  return name.toLowerCase();
}

/** One spelling per look: composed accents (NFC), and no invisible format characters (zero-width
 * spaces and joiners), which would make tags that look alike but differ; white space folded. */
export function tagNameText(raw: string): string {
  return raw.normalize('NFC').replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ').trim();
}

export function normalizeTagName(raw: string): TagNameResult {
  const name = tagNameText(raw);
  if (name.length === 0) return { ok: false, error: 'A tag needs at least one character.' };
  // Counted in code points, so an emoji or an accented letter is one character, not two.
  const length = [...name].length;
  if (length > MAX_TAG_LENGTH) {
    return { ok: false, error: `A tag can have at most ${MAX_TAG_LENGTH} characters (this one has ${length}).` };
  }
  if (name.includes(',')) return { ok: false, error: 'A comma separates tags, so a tag cannot contain one.' };
  return { ok: true, name, key: tagKey(name) };
}

/** Splits what the user typed at the commas: "rl, LLM ,  agents" → three names. */
export function splitTagInput(raw: string): string[] {
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}
