/**
 * The lossless backup: the whole library as versioned JSON. Reading checks every record against
 * the same schemas and checks the store and the editors use (tag names, rules that compile and
 * cannot freeze a page, key bindings), and refuses the file at the first bad record, naming it.
 */
import { z } from 'zod';
import { CheckedRule, ruleIdentity, twinMessage } from '../../rules/checked-rule';
import type { Rule } from '../../model/rule';
import { CheckedTag, tagKeyProblem } from '../../tags/checked-tag';
import { LibraryPaper, RankingBackup, Settings, type Library } from '../../model/library';
import { refuse, type ParseResult } from './imported';
import { describeIssues } from '../../model/describe-issues';
import { errorMessage } from '../../text/error-message';
import { SeenRow, mergeSeen, seenRecordOf, seenRow, type SeenRecord } from '../../model/seen';

export const JSON_FORMAT = 'paperlight';
export const JSON_VERSION = 1;

export function exportJson(library: Library, now: number): string {
  return exportJsonParts(library, now).join('');
}

/** Records written at a time: small pieces keep most of them one-byte strings (a paper with a
 * "—" or an "ễ" makes its whole piece two-byte), which a Blob encodes much faster. */
const RECORDS_PER_PIECE = 32;

/** A top-level array (or one `indent` deeper), one record to a line: `[]` when empty. */
function arrayParts(records: readonly unknown[], indent = '  '): string[] {
  if (records.length === 0) return ['[]'];
  const parts = ['[\n'];
  for (let start = 0; start < records.length; start += RECORDS_PER_PIECE) {
    const lines = records.slice(start, start + RECORDS_PER_PIECE).map((record) => `${indent}  ${JSON.stringify(record)}`);
    parts.push(`${start > 0 ? ',\n' : ''}${lines.join(',\n')}`);
  }
  parts.push(`\n${indent}]`);
  return parts;
}

/** The "For you" section (issue #17): the reset point, then a line per rejected suggestion and per
 * dismissed paper's text. (The texts of papers merely seen are not in a backup: see RankingBackup.) */
function rankingParts(ranking: RankingBackup): string[] {
  const { resetAt, taggedAtReset, rejected, dismissed } = ranking;
  return [
    `  "ranking": {\n    "resetAt": ${JSON.stringify(resetAt)},\n`,
    ...(taggedAtReset ? [`    "taggedAtReset": ${JSON.stringify(taggedAtReset)},\n`] : []),
    '    "rejected": ',
    ...arrayParts(rejected, '    '),
    ',\n    "dismissed": ',
    ...arrayParts(dismissed, '    '),
    '\n  }',
  ];
}

/**
 * The backup's text in pieces (for a Blob: no single 20 MB string is built for 10,000 papers, and
 * no piece is large); joined, they are exportJson's text. One record to a line: compact to write
 * (pretty-printing each record doubled the time) and still read and compared line by line.
 */
export function exportJsonParts(
  library: Library,
  now: number,
  /** The ledger's rows as written (a snapshot read back passes its own through unchanged). */
  seenRows: readonly unknown[] | undefined = library.seen && Object.entries(library.seen).map(([id, record]) => seenRow(id, record)),
): string[] {
  const { papers, tags, rules, settings } = library;
  const head = { format: JSON_FORMAT, version: JSON_VERSION, exportedAt: new Date(now).toISOString() };
  const parts = [`{\n${Object.entries(head).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`).join('')}`];
  for (const [key, records] of [['papers', papers], ['tags', tags], ['rules', rules]] as const) parts.push(`  "${key}": `, ...arrayParts(records), ',\n');
  parts.push(`  "settings": ${JSON.stringify(settings)}`);
  // The seen ledger after them, a compact row per paper (issue #16): a year of use is 40,000 of them.
  if (seenRows !== undefined) parts.push(',\n  "seen": ', ...arrayParts(seenRows));
  if (library.ranking) parts.push(',\n', ...rankingParts(library.ranking));
  parts.push('\n}\n');
  return parts;
}

/** Records are checked one by one afterwards, so a message can name the record. */
const Envelope = z.object({
  format: z.literal(JSON_FORMAT),
  version: z.number().int(),
  exportedAt: z.string().optional(),
  papers: z.array(z.unknown()),
  tags: z.array(z.unknown()).optional(),
  rules: z.array(z.unknown()).optional(),
  settings: z.unknown().optional(),
  seen: z.array(z.unknown()).optional(),
  ranking: z.unknown().optional(),
});

function parseText(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = errorMessage(error);
    // A text cut short fails at its very end; browsers word that differently (V8 sometimes says so
    // outright, sometimes only gives the position; Firefox says "end of data").
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN);
    const early = /end of JSON input|Unterminated|end of data/i.test(message) || position >= text.trimEnd().length;
    return refuse(early ? 'The file is not valid JSON: it ends early (is it cut short?).' : `The file is not valid JSON: ${message}.`);
  }
}

function idOf(record: unknown): string | undefined {
  const id = (record as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/** Each record through `schema`, or the first bad one named: `Record 3 (2407.21783): title: …`. */
function parseRecords<T>(
  records: readonly unknown[],
  schema: z.core.$ZodType<T>,
  label: string,
  nameOf: (record: unknown) => string | undefined,
): { ok: true; values: T[] } | { ok: false; error: string } {
  const values: T[] = [];
  for (let i = 0; i < records.length; i++) {
    const result = z.safeParse(schema, records[i]);
    if (!result.success) {
      const name = nameOf(records[i]);
      return refuse(`${label} ${i + 1}${name ? ` (${name})` : ''}: ${describeIssues(result.error)}`);
    }
    values.push(result.data);
  }
  return { ok: true, values };
}

/** The first record whose key another has already: both named. */
function duplicate<T>(values: readonly T[], keyOf: (value: T) => string, label: string): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const key = keyOf(values[i]!);
    const first = seen.get(key);
    if (first !== undefined) return `${label}s ${first + 1} and ${i + 1} are both ${key}.`;
    seen.set(key, i);
  }
  return null;
}

/** Two rules that do the same (the store refuses the second when it is added), both named. */
function twinRule(rules: readonly Rule[]): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < rules.length; i++) {
    const identity = ruleIdentity(rules[i]!);
    const first = seen.get(identity);
    if (first !== undefined) return `Rule ${i + 1} (${rules[i]!.id}): ${twinMessage(rules[first]!)} (rule ${first + 1}).`;
    seen.set(identity, i);
  }
  return null;
}

export function parseJson(text: string): ParseResult {
  const parsed = parseText(text);
  if (!parsed.ok) return parsed;
  const envelope = Envelope.safeParse(parsed.value);
  if (!envelope.success) {
    const format = (parsed.value as { format?: unknown } | null)?.format;
    if (format !== JSON_FORMAT) return refuse('This JSON is not a Paperlight export (it has no "format": "paperlight").');
    return refuse(`The export is damaged: ${describeIssues(envelope.error)}.`);
  }
  const file = envelope.data;
  if (file.version > JSON_VERSION) {
    return refuse(`This export is version ${file.version}, from a newer Paperlight; this one reads version ${JSON_VERSION}.`);
  }
  if (file.version < 1) return refuse(`This export has an unknown version (${file.version}).`);

  const papers = parseRecords(file.papers, LibraryPaper, 'Record', idOf);
  if (!papers.ok) return papers;
  const tags = parseRecords(file.tags ?? [], CheckedTag, 'Tag', (record) => (record as { key?: unknown } | null)?.key?.toString());
  if (!tags.ok) return tags;
  const rules = parseRecords(file.rules ?? [], CheckedRule, 'Rule', idOf);
  if (!rules.ok) return rules;
  const problem =
    duplicate(papers.values, (paper) => paper.id, 'Record') ??
    duplicate(tags.values, (tag) => `tag "${tag.key}"`, 'Tag') ??
    duplicate(rules.values, (rule) => `rule "${rule.id}"`, 'Rule');
  if (problem) return refuse(problem);
  const twin = twinRule(rules.values);
  if (twin) return refuse(twin);

  if (file.tags !== undefined) {
    const known = new Set(tags.values.map((tag) => tag.key));
    for (let i = 0; i < papers.values.length; i++) {
      const paper = papers.values[i]!;
      const unknown = paper.tags.find((key) => !known.has(key));
      if (unknown !== undefined) return refuse(`Record ${i + 1} (${paper.id}): tags: "${unknown}" is not among the file's tags.`);
    }
  } else {
    // Without tag records, each key becomes a tag named after itself: it must be one the user could make.
    for (let i = 0; i < papers.values.length; i++) {
      const paper = papers.values[i]!;
      for (const key of paper.tags) {
        const problem = tagKeyProblem(key);
        if (problem) return refuse(`Record ${i + 1} (${paper.id}): tags: "${key}": ${problem}`);
      }
    }
  }

  let settings: Settings | undefined;
  if (file.settings !== undefined) {
    const result = Settings.safeParse(file.settings);
    if (!result.success) return refuse(`Settings: ${describeIssues(result.error)}`);
    settings = result.data;
  }

  let seen: Record<string, SeenRecord> | undefined;
  if (file.seen !== undefined) {
    const rows = parseRecords(file.seen, SeenRow, 'Seen paper', (row) => (Array.isArray(row) && typeof row[0] === 'string' ? row[0] : undefined));
    if (!rows.ok) return rows;
    seen = {};
    for (const row of rows.values) seen[row[0]] = seen[row[0]] ? mergeSeen(seen[row[0]]!, seenRecordOf(row)) : seenRecordOf(row);
  }

  let ranking: RankingBackup | undefined;
  if (file.ranking !== undefined) {
    const result = RankingBackup.safeParse(file.ranking);
    if (!result.success) return refuse(`For you: ${describeIssues(result.error)}`);
    // A paper listed twice keeps its latest dismissal.
    const dismissed = new Map<string, RankingBackup['dismissed'][number]>();
    for (const entry of result.data.dismissed) if ((dismissed.get(entry.id)?.at ?? -1) <= entry.at) dismissed.set(entry.id, entry);
    ranking = { ...result.data, dismissed: [...dismissed.values()] };
  }

  return {
    ok: true,
    library: {
      papers: papers.values,
      ...(file.tags !== undefined && { tags: tags.values }),
      ...(file.rules !== undefined && { rules: rules.values }),
      ...(settings !== undefined && { settings }),
      ...(seen !== undefined && { seen }),
      ...(ranking !== undefined && { ranking }),
    },
  };
}
