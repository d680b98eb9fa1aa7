/**
 * The shape of lib/ (docs/architecture.md): folders depend on each other without cycles, lib/model
 * (the record schemas and types) on nothing else in lib/, and only lib/store knows IndexedDB and
 * its shards. Read from the sources' own import lines, so a new import that breaks any of it fails
 * here.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const LIB = join(ROOT, 'lib');
/** Chunks are loaded at run time (lib/content/load-on-demand.ts): their loader imports only their
 * types, which is no dependency of the loader's folder on the chunk's. */
const CHUNKS = join(LIB, 'chunks');

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (/\.tsx?$/.test(name)) yield path;
  }
}

/** Folder → the other folders of lib/ its files import from (static imports and re-exports). */
function folderGraph(): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const file of sources(LIB)) {
    const from = dirname(file);
    const text = readFileSync(file, 'utf8');
    for (const [, typeOnly, spec] of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'";]*?from\s+'(\.[^']+)'/gms)) {
      const target = normalize(join(from, spec!));
      const folder = existsSync(target) && statSync(target).isDirectory() ? target : dirname(target);
      if (folder === from || (typeOnly && folder.startsWith(CHUNKS))) continue;
      const edges = graph.get(from) ?? new Map<string, string[]>();
      graph.set(from, edges);
      edges.set(folder, [...(edges.get(folder) ?? []), `${relative(LIB, file)} → ${spec}`]);
    }
  }
  return graph;
}

/** Every cycle's folders (strongly connected components of more than one folder). */
function cycles(graph: Map<string, Map<string, string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        component.push(relative(ROOT, member));
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the folders of lib/', () => {
  const graph = folderGraph();

  it('import each other without cycles', () => {
    const found = cycles(graph).map((component) => {
      const edges = component.flatMap((folder) =>
        [...(graph.get(join(ROOT, folder))?.entries() ?? [])].filter(([to]) => component.includes(relative(ROOT, to))).map(([, lines]) => lines[0]),
      );
      return `${component.join(' ⇄ ')}: ${edges.join('; ')}`;
    });
    expect(found).toEqual([]);
  });

  it('lib/model depends on nothing else in lib/', () => {
    const model = join(LIB, 'model');
    expect([...(graph.get(model)?.values() ?? [])].flat()).toEqual([]);
  });
});

describe('the store', () => {
  const store = join(LIB, 'store');
  const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(([, spec]) => spec!);
  /** The early script of the popup reads three records with the bare IndexedDB API, before any
   * module loads (lib/store/first-page-records.ts): its only way in besides the repository. */
  const EARLY = /\/store\/first-page-records$/;
  /** The pages' own entry (lib/store/pages.ts): the reads alone, so their bundles carry no writes. */
  const PAGES = /\/store\/pages$/;
  /** Unit tests of the layer itself (the shards, the migrations, opening the database, and the
   * helpers that write damaged records as an older build did, the sync ledger's frozen schema,
   * the seen ledger's upgrade) look
   * behind the repository. */
  const LAYER_TESTS = ['test-data.ts', 'shards.test.ts', 'migrations.test.ts', 'store.test.ts', 'first-page.test.ts', 'snapshots.test.ts', 'sync-store.test.ts', 'seen.test.ts'];

  it('is the only code that imports idb, and is used through its repository (lib/store/index.ts, and pages.ts for the pages)', () => {
    const outside = ['lib', 'components', 'entrypoints'].flatMap((dir) => [...sources(join(ROOT, dir))]).filter((file) => !file.startsWith(store));
    const tests = [...sources(join(ROOT, 'tests'))].filter((file) => !LAYER_TESTS.includes(file.split('/').at(-1)!));
    const offending = [...outside, ...tests].flatMap((file) =>
      importsOf(file)
        .filter((spec) => spec === 'idb' || (/\/store\/./.test(spec) && !EARLY.test(spec) && !PAGES.test(spec)))
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(offending).toEqual([]);
  });
});

describe('the write path', () => {
  /** What extension pages (popup, reading list, options, the first-page script) and their helpers
   * in lib/library take from the store: reads only. Every write goes through the background
   * (docs/architecture.md §4). A new read belongs here; a write does not. */
  const PAGE_READS = new Set([
    'sharedReadStore', 'ReadStore', 'sharedSnapshots', 'ReadSnapshots', 'firstPageFrom', 'wholeListFrom', 'withAbstracts', 'importedView', 'readFirstPageRecords',
    'LibraryChanged', 'ReplaceCounts', 'FirstPage', 'LoadedLibrary', 'LibraryView', 'WholeListRecords',
  ]);

  it('pages only read the store', () => {
    const background = join(ROOT, 'entrypoints', 'background.ts');
    const pages = [...sources(join(ROOT, 'components')), ...sources(join(ROOT, 'entrypoints')), ...sources(join(LIB, 'library'))].filter((file) => file !== background);
    const writes = pages.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+'[^']*\/store(?:\/[^']+)?'/gm)].flatMap(([, names]) =>
        names!
          .split(',')
          .map((name) => name.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!)
          .filter((name) => name && !PAGE_READS.has(name))
          .map((name) => `${relative(ROOT, file)}: ${name}`),
      ),
    );
    expect(writes).toEqual([]);
  });

  it('page features read the settings through page.settings(), one request a page', () => {
    // Three features each asked at start, three messages where one does (docs/performance.md §2).
    const asking = [...sources(join(LIB, 'features')), ...sources(join(LIB, 'content'))]
      .filter((file) => file !== join(LIB, 'content', 'page-controller.ts'))
      .filter((file) => readFileSync(file, 'utf8').includes("type: 'settings.get'"))
      .map((file) => relative(ROOT, file));
    expect(asking).toEqual([]);
  });
});
