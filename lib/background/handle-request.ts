/**
 * The background's answer to every message. Pure of browser APIs (they come in as `deps`) so the
 * unit tests can run it against fake-indexeddb.
 */
import { describeIssues } from '../model/describe-issues';
import { Request, type Broadcast, type PageStatus, type Reply } from '../protocol/messages';
import type { Database } from '../store/database';
import type { ImportSessions } from './import-sessions';
import { LibraryChanged, exportLibrary, markOpened, notesOf, readLibrary, removePapers, replaceLibrary, setNote, setStates, tagMany } from '../store/library';
import { listPapers, removePaper, savePaper, savedAmong } from '../store/papers';
import type { Rule } from '../model/rule';
import { addRule, applyRuleTags, deleteRule, disableSlowRule, listRules, restoreRule, updateRule } from '../store/rules';
import type { RulesChange } from '../model/changes';
import { readSettings, writeSettings } from '../store/settings';
import { addTag, deleteTag, listTags, recolorTag, removeTag, renameTag, restoreTag, tagsOf } from '../store/tags';
import type { TagChange } from '../model/changes';
import type { SavedPaper } from '../model/records';
import { errorMessage } from '../text/error-message';

export interface BackgroundDeps {
  db: () => Promise<Database>;
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
]);

export async function handleRequest(deps: BackgroundDeps, raw: unknown, sender: Sender): Promise<Reply> {
  const parsed = Request.safeParse(raw);
  if (!parsed.success) return { ok: false, error: `Rejected message: ${describeIssues(parsed.error)}` };
  if (!sender.extensionPage && !FROM_TABS.has(parsed.data.type)) {
    return { ok: false, error: `Rejected message: ${parsed.data.type} is not available to web pages` };
  }
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

/** Tag renames and deletions rewrite the rules that give those tags. */
async function withRules<T>(deps: BackgroundDeps, result: T): Promise<T> {
  await deps.publishRules(await listRules(await deps.db()));
  return result;
}

async function answer(deps: BackgroundDeps, message: Request, sender: Sender): Promise<unknown> {
  switch (message.type) {
    case 'paper.save': {
      const saved = await savePaper(await deps.db(), message.paper, deps.now?.());
      await papersChanged(deps, [saved]);
      return saved;
    }
    case 'paper.remove': {
      const removed = await removePaper(await deps.db(), message.id);
      if (removed) await papersChanged(deps, [], [message.id]);
      return { removed };
    }
    case 'papers.saved':
      return savedAmong(await deps.db(), message.ids);
    case 'list.get':
      return listPapers(await deps.db());
    case 'page.status':
      if (sender.tabId === undefined || sender.extensionPage) throw new Error('page.status must come from a tab’s page');
      await deps.setPageStatus(sender.tabId, message.status);
      return null;
    case 'page.status.get':
      return deps.getPageStatus(message.tabId);
    case 'papers.tags':
      return tagsOf(await deps.db(), message.ids);
    case 'tags.get':
      return listTags(await deps.db());
    case 'tag.add':
      return announce(deps, await addTag(await deps.db(), message.paper, message.name, deps.now?.()));
    case 'tag.remove':
      return announce(deps, await removeTag(await deps.db(), message.id, message.key));
    case 'tag.rename': {
      const result = await renameTag(await deps.db(), message.key, message.name, message.merge);
      return result.collision ? result : withRules(deps, await announce(deps, result));
    }
    case 'tag.recolor':
      return announce(deps, await recolorTag(await deps.db(), message.key, message.color));
    case 'tag.delete':
      return withRules(deps, await announce(deps, await deleteTag(await deps.db(), message.key)));
    case 'tag.restore':
      return announce(deps, await restoreTag(await deps.db(), message.deleted));
    case 'rules.get':
      return listRules(await deps.db());
    case 'rule.add':
      return announceRules(deps, await addRule(await deps.db(), message.rule, deps.now?.()));
    case 'rule.update':
      return announceRules(deps, await updateRule(await deps.db(), message.id, message.patch, deps.now?.()));
    case 'rule.delete':
      return announceRules(deps, await deleteRule(await deps.db(), message.id));
    case 'rule.restore':
      return announceRules(deps, await restoreRule(await deps.db(), message.rule, deps.now?.()));
    case 'rule.slow': {
      const change = await disableSlowRule(await deps.db(), message.id, message.reason);
      if (change) await announceRules(deps, change);
      return null;
    }
    case 'rules.tag': {
      const change = await applyRuleTags(await deps.db(), message.entries, deps.now?.());
      if (change) await announce(deps, change);
      return null;
    }
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
      | 'library.get'
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
      | 'settings.get'
      | 'settings.set';
  }
>;

function importsOf(deps: BackgroundDeps): ImportSessions {
  if (!deps.imports) throw new Error('This background takes no imports.');
  return deps.imports;
}

/** After an import: the pages get the rules, every view reads the library again, the badge counts. */
async function libraryReplaced(deps: BackgroundDeps, db: Database): Promise<void> {
  await deps.publishRules(await listRules(db));
  await deps.broadcast({ type: 'library.changed' });
  await deps.updateBadge?.();
}

/** The reading list at scale (issue #5): extension pages only, but for papers.notes. */
async function answerLibrary(deps: BackgroundDeps, message: LibraryRequest): Promise<unknown> {
  const db = await deps.db();
  switch (message.type) {
    case 'library.get':
      return readLibrary(db);
    case 'papers.state': {
      const changed = await setStates(db, message.ids, message.state, deps.now?.());
      await papersChanged(deps, changed);
      return { changed: changed.length };
    }
    case 'paper.note': {
      const saved = await setNote(db, message.id, message.note);
      // A note does not move the count: no badge update.
      await deps.broadcast({ type: 'papers.changed', saved: [saved], removed: [] });
      return saved;
    }
    case 'paper.opened': {
      const changed = await markOpened(db, message.id, await readSettings(db), deps.now?.());
      if (changed) await papersChanged(deps, [changed]);
      return changed;
    }
    case 'papers.notes':
      return notesOf(db, message.ids);
    case 'papers.removeMany': {
      const removed = await removePapers(db, message.ids);
      await papersChanged(deps, [], removed);
      return { removed: removed.length };
    }
    case 'papers.tagMany':
      return announce(deps, await tagMany(db, message.ids, { add: message.add, remove: message.remove }, deps.now?.()));
    case 'library.export':
      return exportLibrary(db);
    case 'library.replace': {
      const counts = await replaceLibrary(db, message.library);
      await libraryReplaced(deps, db);
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
      let imported;
      try {
        imported = await replaceLibrary(db, library, { expectedVersion });
      } catch (error) {
        if (error instanceof LibraryChanged) return { changed: true };
        throw error;
      }
      // Here, not in the page that sent it: a popup closing now does not keep the news from the others.
      await libraryReplaced(deps, db);
      return { imported };
    }
    case 'settings.get':
      return readSettings(db);
    case 'settings.set': {
      const settings = await writeSettings(db, message.settings);
      await deps.broadcast({ type: 'settings.changed', settings });
      await deps.updateBadge?.();
      return settings;
    }
  }
}
