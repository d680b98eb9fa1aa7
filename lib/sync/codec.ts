/**
 * The sync document as compact JSON: arrays instead of objects, clocks as 16 characters, absent
 * registers as 0. Used for what goes to `storage.sync` (compressed: pack.ts) and for this device's
 * own copy (the sync ledger). Whatever comes back is checked with zod: another device, another
 * version of Paperlight or a damaged profile may have written anything.
 */
import * as z from 'zod/mini';
import { checked } from '../model/checked';
import { CLOCK_PATTERN } from './clock';
import { NOTE_MAX, PAPER_STATES, PaperId, TagKey } from '../model/records';
import { Rule } from '../model/rule';
import { SettingsPatch } from '../model/library';
import { tagKeyProblem } from '../tags/checked-tag';
import { HEX_COLOR } from '../tags/colors';
import { emptyDoc, mergePaper, mergeTag, wins, SYNCED_SETTINGS, type PaperEntry, type Register, type SyncDoc, type SyncedSetting, type TagEntry } from './doc';

const Clock = checked(z.string(), z.regex(CLOCK_PATTERN));
const register = <T extends z.ZodMiniType>(value: T) => z.union([z.literal(0), z.tuple([Clock, value])]);
const Time = checked(z.number(), z.nonnegative());
const CheckedKey = checked(
  TagKey,
  z.refine((key) => tagKeyProblem(key) === null, 'not a tag key'),
);

const PaperRow = z.tuple(
  [PaperId, register(z.number()), register(checked(z.int(), z.gte(0), z.lt(PAPER_STATES.length))), register(checked(z.string(), z.maxLength(NOTE_MAX)))],
  // Then the paper's tags, one `[key, clock, 1 on | 0 off]` each.
  z.tuple([CheckedKey, Clock, z.union([z.literal(0), z.literal(1)])]),
);
const TagRow = z.tuple([
  CheckedKey,
  register(z.union([z.literal(0), z.literal(1)])),
  register(checked(z.string(), z.minLength(1), z.maxLength(200))),
  register(checked(z.string(), z.regex(HEX_COLOR))),
  Time,
]);
const RuleRow = z.tuple([checked(z.string(), z.minLength(1), z.maxLength(100)), Clock, z.nullable(Rule)]);
const SettingRow = z.tuple([z.enum(SYNCED_SETTINGS), Clock, z.unknown()]);

/** One stored part of a document (a month of papers, or the tags, rules and settings). */
export const DocPart = z.object({
  v: z.literal(1),
  p: z.optional(checked(z.array(z.unknown()), z.maxLength(20_000))),
  g: z.optional(checked(z.array(z.unknown()), z.maxLength(10_000))),
  r: z.optional(checked(z.array(z.unknown()), z.maxLength(10_000))),
  o: z.optional(checked(z.array(z.unknown()), z.maxLength(10))),
});
export type DocPart = z.infer<typeof DocPart>;

const reg = <T>(value: Register<T> | undefined): unknown => value ?? 0;

/** A paper's row: trailing empty fields left off. */
export function encodePaper(id: string, entry: PaperEntry): unknown[] {
  const row: unknown[] = [id, reg(entry.saved), entry.state ? [entry.state[0], PAPER_STATES.indexOf(entry.state[1])] : 0, reg(entry.note)];
  for (const [key, [clock, on]] of entry.tags ?? []) row.push([key, clock, on]);
  while (row.length > 1 && row[row.length - 1] === 0) row.pop();
  return row;
}

export function encodeTag(key: string, entry: TagEntry): unknown[] {
  return [key, reg(entry.alive), reg(entry.name), reg(entry.color), entry.createdAt ?? 0];
}

/** Merges the rows of `part` into `doc`, checking each; the number of rows that did not check. */
export function decodeInto(doc: SyncDoc, part: DocPart): number {
  let bad = 0;
  for (const raw of part.p ?? []) {
    const parsed = PaperRow.safeParse(padded(raw, 4));
    if (!parsed.success) {
      bad++;
      continue;
    }
    const [id, saved, state, note] = parsed.data;
    const tags = parsed.data.slice(4) as [string, string, 0 | 1][];
    const entry: PaperEntry = {};
    if (saved !== 0) entry.saved = saved;
    if (state !== 0) entry.state = [state[0], PAPER_STATES[state[1]] ?? 'to-read'];
    if (note !== 0) entry.note = note;
    if (tags.length > 0) entry.tags = new Map(tags.map(([key, clock, on]) => [key, [clock, on]]));
    doc.papers.set(id, mergePaper(doc.papers.get(id), entry));
  }
  for (const raw of part.g ?? []) {
    const parsed = TagRow.safeParse(raw);
    if (!parsed.success) {
      bad++;
      continue;
    }
    const [key, alive, name, color, createdAt] = parsed.data;
    const entry: TagEntry = {};
    if (alive !== 0) entry.alive = alive;
    if (name !== 0) entry.name = name;
    if (color !== 0) entry.color = [color[0], color[1].toLowerCase()];
    if (createdAt > 0) entry.createdAt = createdAt;
    doc.tags.set(key, mergeTag(doc.tags.get(key), entry));
  }
  for (const raw of part.r ?? []) {
    const parsed = RuleRow.safeParse(raw);
    if (!parsed.success || (parsed.data[2] !== null && parsed.data[2].id !== parsed.data[0])) {
      bad++;
      continue;
    }
    const [id, clock, rule] = parsed.data;
    if (wins([clock, rule], doc.rules.get(id))) doc.rules.set(id, [clock, rule]);
  }
  for (const raw of part.o ?? []) {
    const parsed = SettingRow.safeParse(raw);
    const field = parsed.success ? parsed.data[0] : undefined;
    const value = field && z.safeParse(SettingsPatch, { [field]: parsed.data?.[2] });
    if (!parsed.success || !field || !value?.success) {
      bad++;
      continue;
    }
    const setting: Register<unknown> = [parsed.data[1], (value.data as Record<SyncedSetting, unknown>)[field]];
    if (wins(setting, doc.settings.get(field))) doc.settings.set(field, setting);
  }
  return bad;
}

/** Rows may leave trailing empty registers off; the schema wants them. */
function padded(raw: unknown, length: number): unknown {
  if (!Array.isArray(raw) || raw.length >= length) return raw;
  return [...raw, ...Array<number>(length - raw.length).fill(0)];
}

/** The tags, rules and settings of `doc` as one part's rows. */
export function encodeMeta(doc: SyncDoc): Required<Pick<DocPart, 'g' | 'r' | 'o'>> {
  return {
    g: Array.from(doc.tags, ([key, entry]) => encodeTag(key, entry)),
    r: Array.from(doc.rules, ([id, [clock, rule]]) => [id, clock, rule]),
    o: Array.from(doc.settings, ([field, [clock, value]]) => [field, clock, value]),
  };
}

/** A document from parts (as decodeInto reads them), with how many rows did not check. */
export function decodeParts(parts: readonly unknown[]): { doc: SyncDoc; bad: number } {
  const doc = emptyDoc();
  let bad = 0;
  for (const raw of parts) {
    const part = DocPart.safeParse(raw);
    if (part.success) bad += decodeInto(doc, part.data);
    else bad++;
  }
  return { doc, bad };
}
