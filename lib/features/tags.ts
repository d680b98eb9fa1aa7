/**
 * Personal tags on every card: chips in the tag's colour, an add-tag control with suggestions, and
 * the filter bar. Tags change through the background; every tab follows its broadcasts.
 */
import { inquiry } from '../content/inquiry';
import { request } from '../protocol/messaging';
import { onPageBroadcast } from '../content/page-broadcasts';
import type { Page, PageFeature } from '../content/page-feature';
import { listingScope } from '../site/cards';
import { isListing } from '../site/page-kind';
import { suggestTags } from '../tags/suggest';
import { normalizeTagName } from '../tags/tag-name';
import { TagState } from '../tags/tag-state';
import { FilterBar, type RuleSummary } from './filter-bar';
import type { SeenFilter } from './seen';
import { TAGS_SELECTOR, createTagsArea, paintChips, refreshTagColors, removeTagColors } from './tag-chips';
import { onDemand } from '../content/load-on-demand';
import { errorMessage } from '../text/error-message';

export interface TagsFeature extends PageFeature {
  /** Opens the tag input on paper `id`'s card (the keyboard's `t`). */
  openEditor: (id: string) => boolean;
  /** Takes tag `key` off paper `id` (undo). */
  removeTag: (id: string, key: string) => Promise<unknown>;
  /** The filter bar, for hidden papers. */
  filter: FilterBar;
  /** The paper's tags (keys), once read. */
  tagsOf: (id: string) => readonly string[] | undefined;
  /** A tag's name, by key. */
  tagName: (key: string) => string | undefined;
  /** Adds tag `name` to paper `id` (with undo); a message when it could not. */
  addTag: (id: string, name: string) => Promise<string | null>;
  /** The tag the editor offers first on a paper ("For you" suggests it; `t` then Enter takes it). */
  suggestedTag: ((id: string) => string | null) | null;
}

/** What keyword rules did on this page: the tags they gave, and the filter bar's summary. */
export interface RuleOutcome extends RuleSummary {
  /** Tags keyword rules gave a paper on this page (key → the rule's label). */
  autoTags: (id: string) => ReadonlyMap<string, string>;
}

/** A chip repaint task's budget, and the cards it paints whatever the clock says. */
const PAINT_MS = 6;
const MIN_CARDS_PER_PAINT = 4;

const barOf = (el: Element | null) => el?.closest<HTMLElement>('[data-paperlight="bar"]') ?? null;

export function tagsFeature(page: Page, rules: RuleOutcome, seen: SeenFilter | null = null): TagsFeature {
  const { doc, paperFor } = page;
  const ruleTags = (id: string) => rules.autoTags(id);
  /** Repaints chips in tasks of about half a frame (top of the page first), so no repaint blocks
   * the page for long however many papers the answer covers. */
  const paintSome = (lists: [Element, string][]) => {
    const start = performance.now();
    let painted = 0;
    while (lists.length > 0 && (painted < MIN_CARDS_PER_PAINT || performance.now() - start < PAINT_MS)) {
      const [list, id] = lists.shift()!;
      const keys = state.of(id);
      if (keys && list.isConnected) paintChips(list, keys, state.defs, ruleTags(id));
      painted++;
    }
    // In the timeline next to the passes (DevTools, `npm run bench`).
    performance.measure('paperlight:tags', { start, detail: { cards: painted } });
    // The filter bar follows in a task of its own once every chip is painted.
    setTimeout(() => (lists.length > 0 ? paintSome(lists) : renderFilter()), 0);
  };
  const renderFilter = () => {
    const start = performance.now();
    filter.render();
    performance.measure('paperlight:filter', { start });
  };
  const repaint = (ids: ReadonlySet<string> | 'all') => {
    if (ids === 'all') refreshTagColors(doc, state.defs);
    const lists: [Element, string][] = [];
    for (const bar of doc.querySelectorAll('[data-paperlight="bar"]')) {
      const id = bar.getAttribute('data-paperlight-for');
      const list = id && (ids === 'all' || ids.has(id)) ? bar.querySelector(TAGS_SELECTOR) : null;
      if (list) lists.push([list, id!]);
    }
    paintSome(lists);
  };
  const state: TagState = new TagState(repaint);
  const filter = new FilterBar(doc, (id) => state.of(id), state.defs, () => rules, seen);
  let defsLoaded: Promise<void> | null = null;

  /** Bumped by every broadcast, so an answer asked for before one never replaces it. */
  let defsVersion = 0;
  const loadDefs = () => {
    const asked = defsVersion;
    return (defsLoaded ??= request({ type: 'tags.get' })
      .then((tags) => {
        if (asked === defsVersion) state.update(tags);
      })
      .catch((error: unknown) => {
        defsLoaded = null;
        throw error;
      }));
  };

  const fetch = inquiry({
    unknown: (ids) => state.unknown(ids),
    ask: async (ids) => {
      const [, tags] = await Promise.all([loadDefs(), request({ type: 'papers.tags', ids })]);
      state.resolve(ids, tags);
    },
    onFailure: (error) => {
      console.warn('[paperlight] could not read tags; asking again soon', error);
      page.retryLater();
    },
  });

  /** Adds tags to a paper one by one; the first problem stops it and is returned. */
  const addTags = async (id: string, names: string[]): Promise<string | null> => {
    for (const name of names) {
      const checked = normalizeTagName(name);
      if (!checked.ok) return checked.error;
      const paper = paperFor(id);
      if (!paper) return 'This paper is no longer on the page.';
      try {
        // The change reaches this tab (as every tab) through the background's broadcast, in order;
        // applying the reply too could put back a state an even newer broadcast replaced.
        const had = state.of(id)?.includes(checked.key) ?? false;
        await request({ type: 'tag.add', paper, name: checked.name });
        if (!had) page.undo.push({ label: `tag “${state.defs.get(checked.key)?.name ?? checked.name}” on “${page.titleOf(id)}”`, undo: () => removeTag(id, checked.key) });
      } catch (error) {
        return errorMessage(error);
      }
    }
    return null;
  };

  const removeTag = (id: string, key: string) =>
    request({ type: 'tag.remove', id, key }).catch((error: unknown) => console.warn('[paperlight] could not remove tag', error));

  const onClick = (event: Event) => {
    if (!event.isTrusted) return;
    const target = event.target instanceof Element ? event.target : null;
    const control = target?.closest<HTMLElement>(
      '[data-paperlight="add-tag"], [data-paperlight="tag-remove"], [data-paperlight="tag-filter"], [data-paperlight="filter-clear"], [data-paperlight="only-highlighted"], [data-paperlight="only-muted"], [data-paperlight="show-hidden"], [data-paperlight="only-new"], [data-paperlight="mark-all-seen"], [data-paperlight="sort-for-you"]',
    );
    if (!control) return;
    event.preventDefault();
    event.stopPropagation();
    const kind = control.getAttribute('data-paperlight');
    const key = control.closest('[data-paperlight="tag"]')?.getAttribute('data-paperlight-tag') ?? '';
    const id = barOf(control)?.getAttribute('data-paperlight-for') ?? '';
    if (kind === 'filter-clear') return filter.clear();
    if (kind === 'only-highlighted') return filter.toggleOnly('highlighted');
    if (kind === 'only-muted') return filter.toggleOnly('muted');
    if (kind === 'show-hidden') return filter.showHidden();
    if (kind === 'only-new') return seen?.toggleOnlyNew();
    if (kind === 'mark-all-seen') return seen?.markAllSeen();
    if (kind === 'sort-for-you') return filter.forYou?.toggleSort();
    if (kind === 'tag-filter') return filter.toggle(key);
    if (kind === 'tag-remove' && id) return void removeTag(id, key);
    if (kind === 'add-tag' && id) void openEditorOn(control as HTMLButtonElement, id);
  };
  /** The editor's code loads on first use (load-on-demand.ts). */
  const openEditorOn = (control: HTMLButtonElement, id: string) =>
    onDemand().then(
      ({ openTagEditor }) =>
        void openTagEditor(control, {
          initial: feature.suggestedTag?.(id) ?? '',
          suggest: (typed) => suggestTags(typed, state.defs.values(), new Set(state.of(id) ?? [])),
          commit: (names) => addTags(id, names),
          removeLast: async () => {
            const last = state.of(id)?.at(-1);
            if (last) await removeTag(id, last);
          },
        }),
      (error: unknown) => console.warn('[paperlight] could not open the tag editor', error),
    );
  doc.addEventListener('click', onClick, true);
  const stopBroadcasts = onPageBroadcast('tags.changed', (change) => {
    defsVersion++;
    state.update(change.tags, change.papers);
  });
  const stopSummary = page.signals.on('summaryChanged', renderFilter);
  const stopAutoTags = page.signals.on('autoTagsChanged', repaint);

  const feature: TagsFeature = {
    name: 'tags',
    build: (card) => {
      const [list, add] = createTagsArea(doc);
      const keys = state.of(card.id);
      if (keys) paintChips(list!, keys, state.defs, ruleTags(card.id));
      return [list!, add!];
    },
    cardsFound: fetch,
    // The filter bar counts a listing's cards (a paper's page has none to filter).
    passDone: (cards) => filter.setCards(isListing(page.kind()) ? cards : [], listingScope(doc)),
    viewChanged: () => filter.reset(),
    forget: () => {
      state.forget();
      defsLoaded = null;
    },
    stop: () => {
      doc.removeEventListener('click', onClick, true);
      stopBroadcasts();
      stopSummary();
      stopAutoTags();
      filter.remove();
      removeTagColors(doc);
    },
    openEditor: (id) => {
      const control = doc.querySelector<HTMLButtonElement>(`[data-paperlight="bar"][data-paperlight-for="${CSS.escape(id)}"] [data-paperlight="add-tag"]`);
      if (!control) return false;
      void openEditorOn(control, id);
      return true;
    },
    removeTag,
    filter,
    tagsOf: (id) => state.of(id),
    tagName: (key) => state.defs.get(key)?.name,
    addTag: (id, name) => addTags(id, [name]),
    suggestedTag: null,
  };
  return feature;
}
