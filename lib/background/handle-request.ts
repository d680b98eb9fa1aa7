/**
 * The background's answer to every message. Pure of browser APIs (they come in as `deps`) so the
 * unit tests can run it against fake-indexeddb.
 */
import { describeIssues } from '../model/describe-issues';
import { Request, type Broadcast, type PageStatus, type Reply } from '../protocol/messages';
import { LibraryChanged, type Store } from '../store';
import type { ImportSessions } from './import-sessions';
import type { SnapshotKeeper } from './snapshot-keeper';
import type { SyncEngine } from './sync-engine';
import type { RankingService } from './ranking-service';
import type { SnapshotReason } from '../model/snapshot';
import type { Rule } from '../model/rule';
import type { RulesChange } from '../model/changes';
import type { TagChange } from '../model/changes';
import type { SavedPaper } from '../model/records';
import { errorMessage } from '../text/error-message';
import { plural } from '../text/plural';

export interface BackgroundDeps {
  store: () => Promise<Store>;
  broadcast: (change: Broadcast) => Promise<void>;
  setPageStatus: (tabId: number, status: PageStatus) => Promise<void>;
  getPageStatus: (tabId: number) => Promise<PageStatus | null>;
  /** Hands the rules to every page (they read them at load and follow their changes). */
  publishRules: (rules: Rule[]) => Promise<void>;
  /** Shows the "to read" count on the toolbar again, after a change that can move it. */
  updateBadge?: () => Promise<void>;
  /** Opens a tab (pages cannot open one in the background themselves). */
  openTab?: (url: string, active: boolean) => Promise<void>;
  /** Runs the rule engine's chunk in a page's frame (Chrome; Firefox's content script has it). */
  loadRules?: (tabId: number, frameId: number) => Promise<void>;
  now?: () => number;
  /** Imports arriving in chunks (one per background's life). */
  imports?: ImportSessions;
  /** Snapshots: the day's, and one before every destructive change. */
  snapshots?: SnapshotKeeper;
  /** Sync through the browser's sync storage. */
  sync?: SyncEngine;
  /** Forgets papers not seen for longer than the setting says (at most once a day). */
  forgetSeen?: (store: Store, now: number) => Promise<number>;
  /** The "For you" model (issue #17): trained here, answered from here. */
  ranking?: RankingService;
}

export interface Sender {
  /** The tab a content script runs in. */
  tabId?: number;
  /** The frame of that tab (0: the top one). */
  frameId?: number;
  /** The extension's own pages (popup, options), also when one is open in a tab. */
  extensionPage: boolean;
}

/** What a content script in a web page may ask; the rest (the whole list, other tabs' status) is
 * for the extension's own pages only. */
const FROM_TABS = new Set<Request['type']>([
  'paper.save',
  'paper.remove',
  'papers.saved',
  'page.status',
  'papers.tags',
  'tags.get',
  'tag.add',
  'tag.remove',
  'rules.get',
  // Quick-add from a text selection, and its undo.
  'rule.add',
  'rule.delete',
  'rule.slow',
  'rules.tag',
  // Cards show which papers have a note.
  'papers.notes',
  // The keyboard's `n` edits a note from the card; its bindings come from the settings.
  'paper.note',
  'settings.get',
  // The keyboard's "open in a background tab"; the message only takes huggingface.co/papers/ URLs.
  'tab.open',
  'rules.load',
  // The seen ledger: a listing asks what its cards are, and reports what the reader saw.
  'seen.get',
  'seen.mark',
  'seen.restore',
  'view.onlyNew',
  'seen.dismiss',
  // "For you" (issue #17): a listing scores its cards with the model, and a rejected tag suggestion
  // is a negative for that tag. What the model learned, and resetting it, are the options page's.
  'rank.model',
  'rank.score',
  'rank.reject',
]);

export async function handleRequest(deps: BackgroundDeps, raw: unknown, sender: Sender): Promise<Reply> {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `Rejected message: ${describeIssues(parsed.error)}` };
  if (!sender.extensionPage && !FROM_TABS.has(parsed.data.type)) {
    return { ok: false, error: `Rejected message: ${parsed.data.type} is not available to web pages` };
  }
  // Paperlight is in use: the day's snapshot, if there is none yet (beside the answer, not before it).
  deps.snapshots?.daily().catch((error: unknown) => console.warn('[paperlight] could not take the daily snapshot', error));
  try {
    return { ok: true, value: await answer(deps, parsed.data, sender) };
  } catch (error) {
    return { ok: false, error: errorMessage(error) };
  }
}

/** Above this many papers, a change is announced as "read everything again": whole records of
 * thousands of papers (abstracts and notes) would make one huge message per open tab. */
const LARGE_CHANGE = 500;

/** Tells every view about papers that changed (and the badge, whose count they may move). */
async function papersChanged(deps: BackgroundDeps, saved: SavedPaper[], removed: string[] = []): Promise<void> {
  if (saved.length === 0 && removed.length === 0) return;
  if (saved.length + removed.length > LARGE_CHANGE) await deps.broadcast({ type: 'library.changed' });
  else await deps.broadcast({ type: 'papers.changed', saved, removed });
  await deps.updateBadge?.();
}

/** Tells every view about a tag change, then answers with it. */
async function announce<T extends TagChange>(deps: BackgroundDeps, change: T): Promise<T> {
  await deps.broadcast({ type: 'tags.changed', tags: change.tags, papers: change.papers });
  return change;
}

/** Hands new rules to the pages and tells every view about the tags the change moved. */
async function announceRules<T extends RulesChange>(deps: BackgroundDeps, change: T): Promise<T> {
  await deps.publishRules(change.rules);
  if (change.tags) await deps.broadcast({ type: 'tags.changed', tags: change.tags.tags, papers: change.tags.papers });
  return change;
}

/** A snapshot of the library before a destructive change (none where snapshots are not kept, as
 * in most unit tests). When it cannot be taken, this throws and the change does not happen. */
async function snapshotBefore(deps: BackgroundDeps, reason: Exclude<SnapshotReason, 'daily'>, detail?: string): Promise<void> {
  await deps.snapshots?.before(reason, detail);
}

/** A tag's name, for a snapshot's reason. */
async function tagName(deps: BackgroundDeps, key: string): Promise<string> {
  return (await (await deps.store()).tags.list()).find((tag) => tag.key === key)?.name ?? key;
}

/** Tag renames and deletions rewrite the rules that give those tags. */
async function withRules<T>(deps: BackgroundDeps, result: T): Promise<T> {
  await deps.publishRules(await (await deps.store()).rules.list());
  return result;
}

async function answer(deps: BackgroundDeps, message: Request, sender: Sender): Promise<unknown> {
  switch (message.type) {
    case 'paper.save': {
      const saved = await (await deps.store()).papers.save(message.paper, deps.now?.());
      await papersChanged(deps, [saved]);
      return saved;
    }
    case 'paper.remove': {
      const removed = await (await deps.store()).papers.remove(message.id);
      if (removed) await papersChanged(deps, [], [message.id]);
      return { removed };
    }
    case 'papers.saved':
      return (await deps.store()).papers.savedAmong(message.ids);
    case 'list.get':
      return (await deps.store()).papers.list();
    case 'page.status':
      if (sender.tabId === undefined || sender.extensionPage) throw new Error('page.status must come from a tab’s page');
      await deps.setPageStatus(sender.tabId, message.status);
      return null;
    case 'page.status.get':
      return deps.getPageStatus(message.tabId);
    case 'papers.tags':
      return (await deps.store()).tags.of(message.ids);
    case 'tags.get':
      return (await deps.store()).tags.list();
    case 'tag.add':
      return announce(deps, await (await deps.store()).tags.add(message.paper, message.name, deps.now?.()));
    case 'tag.remove':
      return announce(deps, await (await deps.store()).tags.remove(message.id, message.key));
    case 'tag.rename': {
      if (message.merge) await snapshotBefore(deps, 'tag-merge', await tagName(deps, message.key));
      const result = await (await deps.store()).tags.rename(message.key, message.name, message.merge);
      return result.collision ? result : withRules(deps, await announce(deps, result));
    }
    case 'tag.recolor':
      return announce(deps, await (await deps.store()).tags.recolor(message.key, message.color));
    case 'tag.delete':
      await snapshotBefore(deps, 'tag-delete', await tagName(deps, message.key));
      return withRules(deps, await announce(deps, await (await deps.store()).tags.delete(message.key)));
    case 'tag.restore':
      return announce(deps, await (await deps.store()).tags.restore(message.deleted));
    case 'rules.get':
      return (await deps.store()).rules.list();
    case 'rule.add':
      return announceRules(deps, await (await deps.store()).rules.add(message.rule, deps.now?.()));
    case 'rule.update':
      return announceRules(deps, await (await deps.store()).rules.update(message.id, message.patch, deps.now?.()));
    case 'rule.delete': {
      const rule = (await (await deps.store()).rules.list()).find((candidate) => candidate.id === message.id);
      // Deleting an auto-tag rule takes its tags off the papers it tagged.
      if (rule?.action === 'auto-tag') await snapshotBefore(deps, 'rule-delete', rule.pattern);
      return announceRules(deps, await (await deps.store()).rules.delete(message.id));
    }
    case 'rule.restore':
      return announceRules(deps, await (await deps.store()).rules.restore(message.rule, deps.now?.()));
    case 'rule.slow': {
      const change = await (await deps.store()).rules.disableSlow(message.id, message.reason);
      if (change) await announceRules(deps, change);
      return null;
    }
    case 'rules.tag': {
      const change = await (await deps.store()).rules.applyTags(message.entries, deps.now?.());
      if (change) await announce(deps, change);
      return null;
    }
    case 'seen.get':
      return (await deps.store()).seen.among(message.ids);
    case 'seen.mark': {
      const started = performance.now();
      const store = await deps.store();
      const at = deps.now?.() ?? Date.now();
      await store.seen.mark(message.marks, at);
      // The texts of papers seen, for the "For you" model's weak negatives (the newest few thousand).
      const texts = message.marks.flatMap((mark) => (mark.text ? [{ id: mark.id, text: mark.text }] : []));
      if (texts.length > 0) {
        await store.ranking.keepTexts(texts, at);
        deps.ranking?.textsKept(texts.length);
      }
      // In the background's timeline for `npm run bench` (§1g): how often pages write, and how much.
      performance.measure('paperlight:seen-mark', { start: started, detail: { marks: message.marks.length } });
      deps.forgetSeen?.(store, deps.now?.() ?? Date.now()).catch((error: unknown) => console.warn('[paperlight] could not forget old sightings', error));
      return null;
    }
    case 'view.onlyNew': {
      const store = await deps.store();
      const kinds = new Set((await store.settings.read()).onlyNew);
      if (message.on) kinds.add(message.kind);
      else kinds.delete(message.kind);
      const settings = await store.settings.write({ onlyNew: [...kinds] });
      await deps.broadcast({ type: 'settings.changed', settings });
      return settings;
    }
    case 'seen.clear': {
      const store = await deps.store();
      const forgotten = Object.keys(await store.seen.all()).length;
      if (forgotten === 0) return { forgotten };
      await snapshotBefore(deps, 'seen-clear', `${forgotten} papers`);
      await store.seen.replace({});
      // What was seen goes with its texts (the "For you" model's negatives; a snapshot holds the
      // dismissed papers' texts).
      await store.ranking.clearTexts();
      deps.ranking?.changed();
      return { forgotten };
    }
    case 'seen.dismiss': {
      const store = await deps.store();
      const at = deps.now?.() ?? Date.now();
      await store.seen.dismiss(message.ids, message.dismissed ? at : null);
      // A dismissed paper's text stays while it is dismissed: a strong negative for "For you".
      await store.ranking.dismissTexts(message.ids, message.texts, message.dismissed ? at : null, at);
      await deps.broadcast({ type: 'seen.dismissed', ids: message.ids, dismissed: message.dismissed });
      return null;
    }
    case 'rank.model':
      return rankingOf(deps).model();
    case 'rank.score':
      return rankingOf(deps).score(message.papers);
    case 'rank.summary':
      return rankingOf(deps).summary();
    case 'rank.reject':
      await rankingOf(deps).reject({ id: message.id, tag: message.tag, text: message.text });
      return null;
    case 'rank.reset':
      return { resetAt: await rankingOf(deps).reset() };
    case 'rank.unreset':
      await rankingOf(deps).unreset(message.resetAt);
      return null;
    case 'seen.restore':
      await (await deps.store()).seen.restore(message.records);
      return null;
    case 'tab.open':
      if (!deps.openTab) throw new Error('Tabs cannot be opened here.');
      await deps.openTab(message.url, message.active);
      return null;
    case 'rules.load':
      if (sender.tabId === undefined || sender.extensionPage) throw new Error('rules.load must come from a tab’s page');
      if (!deps.loadRules) throw new Error('The rule engine cannot be loaded here.');
      await deps.loadRules(sender.tabId, sender.frameId ?? 0);
      return null;
    default:
      // Every other request is one of these: a new type with no answer does not compile.
      return answerLibrary(deps, message);
  }
}

type LibraryRequest = Extract<
  Request,
  {
    type:
      | 'papers.state'
      | 'paper.note'
      | 'paper.opened'
      | 'papers.notes'
      | 'papers.removeMany'
      | 'papers.tagMany'
      | 'library.export'
      | 'library.replace'
      | 'library.import.begin'
      | 'library.import.chunk'
      | 'library.import.commit'
      | 'snapshot.restore'
      | 'settings.get'
      | 'settings.set'
      | 'sync.status'
      | 'sync.set';
  }
>;

function rankingOf(deps: BackgroundDeps): RankingService {
  if (!deps.ranking) throw new Error('“For you” is not available here.');
  return deps.ranking;
}

function syncOf(deps: BackgroundDeps): SyncEngine {
  if (!deps.sync) throw new Error('Sync is not available here.');
  return deps.sync;
}

function importsOf(deps: BackgroundDeps): ImportSessions {
  if (!deps.imports) throw new Error('This background takes no imports.');
  return deps.imports;
}

/** After an import: the pages get the rules, every view reads the library again, the badge counts. */
async function libraryReplaced(deps: BackgroundDeps, store: Store): Promise<void> {
  await deps.publishRules(await store.rules.list());
  await deps.broadcast({ type: 'library.changed' });
  await deps.updateBadge?.();
}

/** The reading list at scale (issue #5): extension pages only, but for papers.notes. */
async function answerLibrary(deps: BackgroundDeps, message: LibraryRequest): Promise<unknown> {
  const store = await deps.store();
  switch (message.type) {
    case 'papers.state': {
      const changed = await store.papers.setStates(message.ids, message.state, deps.now?.());
      await papersChanged(deps, changed);
      return { changed: changed.length };
    }
    case 'paper.note': {
      const saved = await store.notes.set(message.id, message.note);
      // A note does not move the count: no badge update.
      await deps.broadcast({ type: 'papers.changed', saved: [saved], removed: [] });
      return saved;
    }
    case 'paper.opened': {
      const changed = await store.papers.markOpened(message.id, await store.settings.read(), deps.now?.());
      if (changed) await papersChanged(deps, [changed]);
      return changed;
    }
    case 'papers.notes':
      return store.notes.of(message.ids);
    case 'papers.removeMany': {
      await snapshotBefore(deps, 'bulk-remove', plural(message.ids.length, 'paper'));
      const removed = await store.papers.removeMany(message.ids);
      await papersChanged(deps, [], removed);
      return { removed: removed.length };
    }
    case 'papers.tagMany':
      return announce(deps, await store.tags.onMany(message.ids, { add: message.add, remove: message.remove }, deps.now?.()));
    case 'library.export':
      return store.library.export();
    case 'library.replace': {
      await snapshotBefore(deps, 'import');
      const counts = await store.library.replace(message.library);
      await libraryReplaced(deps, store);
      return counts;
    }
    case 'library.import.begin':
      importsOf(deps).begin(message.importId, message.expectedVersion);
      return null;
    case 'library.import.chunk':
      importsOf(deps).add(message.importId, message);
      return null;
    case 'library.import.commit': {
      const { expectedVersion, ...library } = importsOf(deps).take(message.importId, message.chunks);
      // A preview gone stale: no snapshot for an import that will not happen.
      if (((await store.library.version()) ?? 0) !== expectedVersion) return { changed: true };
      await snapshotBefore(deps, 'import');
      let imported;
      try {
        imported = await store.library.replace(library, { expectedVersion });
      } catch (error) {
        if (error instanceof LibraryChanged) return { changed: true };
        throw error;
      }
      // Here, not in the page that sent it: a popup closing now does not keep the news from the others.
      await libraryReplaced(deps, store);
      return { imported };
    }
    case 'snapshot.restore': {
      if (!deps.snapshots) throw new Error('Snapshots are not kept here.');
      let result;
      try {
        result = await deps.snapshots.restore(message.id, message.expectedVersion);
      } catch (error) {
        if (error instanceof LibraryChanged) return { changed: true };
        throw error;
      }
      await libraryReplaced(deps, store);
      return result;
    }
    case 'settings.get':
      return store.settings.read();
    case 'settings.set': {
      const settings = await store.settings.write(message.settings);
      await deps.broadcast({ type: 'settings.changed', settings });
      await deps.updateBadge?.();
      return settings;
    }
    case 'sync.status':
      return syncOf(deps).status();
    case 'sync.set':
      return syncOf(deps).setEnabled(message.enabled);
  }
}
