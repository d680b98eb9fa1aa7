/**
 * Tags in formats that only know names (BibTeX keywords, RIS KW, Pocket's tags): names → keys and
 * Tag records on the way in, keys → names on the way out.
 */
import type { Tag } from '../../store/records';
import { PALETTE } from '../../tags/colors';
import { normalizeTagName } from '../../tags/tag-name';

/** Gathers the tags a file names, first spelling first, as the tag store does. */
export class TagCollector {
  private readonly byKey = new Map<string, Tag>();
  private readonly colours = new ColourPicker([]);

  constructor(private readonly now: number) {}

  /** The key of the tag `raw` names, or why it cannot be one. */
  add(raw: string): { ok: true; key: string } | { ok: false; error: string } {
    const result = normalizeTagName(raw);
    if (!result.ok) return { ok: false, error: `tag "${raw}": ${result.error}` };
    if (!this.byKey.has(result.key)) {
      const color = this.colours.next();
      this.byKey.set(result.key, { key: result.key, name: result.name, color, createdAt: this.now });
    }
    return { ok: true, key: result.key };
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
