/**
 * The background's broadcasts as a Daily Papers page reads them, as zod schemas of the fields the
 * page uses (the full schemas, lib/protocol/messages.ts's Broadcast, describe what the extension's own pages
 * read). A chunk of its own (modules/on-demand-chunk.ts), loaded when the first broadcast reaches
 * the page (page-broadcasts.ts): zod is 7 KiB gzipped, and most page views receive none.
 */
import * as z from 'zod/mini';
import { checked } from '../model/checked';
import { NOTE_MAX } from '../model/limits';
import { PaperId, Tag, TagKey } from '../model/records';

export const PAGE_BROADCASTS = {
  'papers.changed': z.object({
    type: z.literal('papers.changed'),
    saved: z.array(z.looseObject({ id: PaperId, note: z.optional(checked(z.string(), z.maxLength(NOTE_MAX))) })),
    removed: z.array(PaperId),
  }),
  'tags.changed': z.object({
    type: z.literal('tags.changed'),
    tags: z.array(z.extend(Tag, { count: checked(z.int(), z.nonnegative()) })),
    papers: z.array(z.object({ id: PaperId, tags: z.array(TagKey) })),
  }),
  'library.changed': z.object({ type: z.literal('library.changed') }),
  'settings.changed': z.object({
    type: z.literal('settings.changed'),
    settings: z.looseObject({
      keyBindings: z.record(checked(z.string(), z.maxLength(40)), checked(z.string(), z.maxLength(40))),
      seenMarks: z.optional(z.boolean()),
      dimSeen: z.optional(z.boolean()),
      lastingDismiss: z.optional(z.boolean()),
      onlyNew: z.optional(checked(z.array(checked(z.string(), z.maxLength(20))), z.maxLength(10))),
    }),
  }),
  'background.started': z.object({ type: z.literal('background.started') }),
  'seen.dismissed': z.object({ type: z.literal('seen.dismissed'), ids: z.array(PaperId), dismissed: z.boolean() }),
  'rank.changed': z.object({ type: z.literal('rank.changed'), trainedAt: z.nullable(z.number()) }),
};

export type PageBroadcasts = typeof PAGE_BROADCASTS;
export type PageBroadcast<T extends keyof PageBroadcasts> = z.output<PageBroadcasts[T]>;

/** The broadcast `message` as `type`'s schema reads it, or null when it does not pass. */
export function checkBroadcast<T extends keyof PageBroadcasts>(type: T, message: unknown): PageBroadcast<T> | null {
  const parsed = PAGE_BROADCASTS[type].safeParse(message);
  return parsed.success ? (parsed.data as PageBroadcast<T>) : null;
}
