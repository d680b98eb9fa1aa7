/**
 * Tags in formats that only know names (BibTeX keywords, RIS KW, Pocket's tags): names → keys and
 * Tag records on the way in, keys → names on the way out.
 */
import type { Tag } from '../../model/records';
import { PALETTE } from '../../tags/colors';
import { MAX_TAG_LENGTH, normalizeTagName, tagNameText } from '../../tags/tag-name';

/** Gathers the tags a file names, first spelling first, as the tag store does. */
export class TagCollector {
  private readonly byKey = new Map<string, Tag>();
  private readonly colours = new ColourPicker([]);

  constructor(private readonly now: number) {}

  /** The key of the tag `raw` names, or why it cannot be one. */
  add(raw: string): { ok: true; key: string } | { ok: false; error: string } {
    const result = normalizeTagName(raw);
    if (!result.ok) return { ok: false, error: `tag "${raw}": ${result.error}` };
    return { ok: true, key: this.put(result) };
  }

  /** The tag of a checked name (the first spelling met); its key. */
  private put(checked: { name: string; key: string }): string {
    if (!this.byKey.has(checked.key)) {
      const color = this.colours.next();
      this.byKey.set(checked.key, { key: checked.key, name: checked.name, color, createdAt: this.now });
    }
    return checked.key;
  }

  /** Keys of all of `names`, without repeats, or the first problem. */
  addAll(names: readonly string[]): { ok: true; keys: string[] } | { ok: false; error: string } {
    const keys = new Set<string>();
    for (const name of names) {
      const result = this.add(name);
      if (!result.ok) return result;
      keys.add(result.key);
    }
    return { ok: true, keys: [...keys] };
  }

  /**
   * Keys for the keywords of a reference file's record (`where` names it): a keyword can be anything
   * another tool allowed, so one longer than a tag may be is shortened and one that cannot be a tag
   * is skipped, rather than the file refused; each is said in `adjusted`, for the preview.
   */
  addKeywords(names: readonly string[], where: string): string[] {
    const keys = new Set<string>();
    for (const name of names) {
      const text = [...tagNameText(name)];
      const tooLong = text.length > MAX_TAG_LENGTH;
      const checked = normalizeTagName(tooLong ? text.slice(0, MAX_TAG_LENGTH).join('') : name);
      if (!checked.ok) {
        this.adjusted.push(`${where}: the keyword “${name}” was skipped: ${checked.error}`);
        continue;
      }
      if (tooLong) {
        this.adjusted.push(`${where}: the keyword “${name}” is longer than a tag may be (${MAX_TAG_LENGTH} characters): shortened to “${checked.name}”.`);
      }
      keys.add(this.put(checked));
    }
    return [...keys];
  }

  /** What addKeywords changed, in the order met. */
  readonly adjusted: string[] = [];

  tags(): Tag[] {
    return [...this.byKey.values()];
  }
}

/** The display name of each key; a key with no tag record shows as itself. */
export function tagNamer(tags: readonly Tag[]): (key: string) => string {
  const names = new Map(tags.map((tag) => [tag.key, tag.name]));
  return (key) => names.get(key) ?? key;
}

/**
 * pickColor (lib/tags/colors.ts) for many new tags in a row: the palette colour fewest tags use,
 * earliest on ties, counting each colour it hands out. Keeps the counts instead of recounting, so a
 * file with thousands of tags stays linear.
 */
export class ColourPicker {
  private readonly counts: number[] = PALETTE.map(() => 0);

  constructor(used: Iterable<string>) {
    for (const color of used) {
      const index = (PALETTE as readonly string[]).indexOf(color.toLowerCase());
      if (index >= 0) this.counts[index]! += 1;
    }
  }

  next(): string {
    let best = 0;
    for (let i = 1; i < this.counts.length; i++) if (this.counts[i]! < this.counts[best]!) best = i;
    this.counts[best]! += 1;
    return PALETTE[best]!;
  }
}
