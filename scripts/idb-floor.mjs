// `node scripts/idb-floor.mjs [--runs N] [--papers N]`: what IndexedDB itself costs in this
// Chromium, whatever Paperlight does around it. Runs in the built extension's origin (as the
// popup and background do; run `npx wxt build` first) against a throwaway database, with records
// shaped like saved papers (~1.6 KB, most of it the abstract). Prints the median (min–max) of
// each arrangement, so a target can be compared with the floor the platform sets.
import { parseArgs } from 'node:util';
import { launchBrowser } from '../tests/support/browser.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, papers: { type: 'string', default: '10000' } } });
const RUNS = Number(values.runs);
const PAPERS = Number(values.papers);

/**
 * Runs in the page: every experiment once, in a fresh database each; milliseconds by name.
 * @param {number} n
 */
async function experiments(n) {
  const words = 'we propose a novel diffusion model transformer attention language large vision reasoning policy reward agent benchmark dataset training inference efficient'.split(' ');
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const text = (/** @type {number} */ length) => {
    const out = [];
    for (let total = 0; total < length; ) {
      const w = /** @type {string} */ (words[Math.floor(rnd() * words.length)]);
      out.push(w);
      total += w.length + 1;
    }
    return out.join(' ');
  };
  const papers = Array.from({ length: n }, (_, i) => ({
    id: `24${String((i % 12) + 1).padStart(2, '0')}.${String(Math.floor(i / 12) + 1).padStart(5, '0')}`,
    title: text(80),
    authors: Array.from({ length: 5 }, () => text(14)),
    abstract: text(1_450),
    publishedAt: '2024-03-04T00:00:00.000Z',
    organization: null,
    upvotes: Math.floor(rnd() * 400),
    sourceUrl: `https://huggingface.co/papers/2403.${i}`,
    savedAt: 1_700_000_000_000 + Math.floor(rnd() * 3e10),
    state: ['to-read', 'reading', 'done'][i % 3],
    note: i % 2 ? text(150) : '',
  }));
  const bytes = JSON.stringify(papers).length;

  /** @type {(name: string, upgrade: (db: IDBDatabase) => void) => Promise<IDBDatabase>} */
  const open = (name, upgrade) =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1);
      request.onupgradeneeded = () => upgrade(request.result);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const drop = (/** @type {string} */ name) =>
    new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve(undefined);
      request.onerror = () => reject(request.error);
      request.onblocked = () => resolve(undefined);
    });
  const done = (/** @type {IDBTransaction} */ tx) =>
    new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(undefined);
      tx.onabort = () => reject(tx.error);
      tx.onerror = () => undefined;
    });
  /** @type {<T>(request: IDBRequest<T>) => Promise<T>} */
  const result = (request) =>
    new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  const time = async (/** @type {() => unknown} */ fn) => {
    const started = performance.now();
    await fn();
    return performance.now() - started;
  };
  const withIndexes = (/** @type {IDBDatabase} */ db) => {
    const store = db.createObjectStore('papers', { keyPath: 'id' });
    store.createIndex('savedAt', 'savedAt');
    store.createIndex('publishedAt', 'publishedAt');
    store.createIndex('state', 'state');
    return store;
  };
  /**
   * A fresh database, the write timed, then the reads in `after`.
   * @param {(db: IDBDatabase) => unknown} upgrade
   * @param {(db: IDBDatabase) => Promise<unknown>} write
   * @param {(db: IDBDatabase) => Promise<Record<string, number>>} [after]
   */
  const trial = async (upgrade, write, after) => {
    const name = `floor-${Math.random()}`;
    const db = await open(name, upgrade);
    try {
      const ms = await time(() => write(db));
      const reads = after ? await after(db) : {};
      return { ms, reads };
    } finally {
      db.close();
      await drop(name);
    }
  };
  /** @type {(db: IDBDatabase, stores: string | string[], options: IDBTransactionOptions, fill: (tx: IDBTransaction) => void) => Promise<unknown>} */
  const putAll = (db, stores, options, fill) => {
    const tx = db.transaction(stores, 'readwrite', options);
    fill(tx);
    return done(tx);
  };
  /** @type {IDBTransactionOptions} */
  const relaxed = { durability: 'relaxed' };
  /** The list part of a paper (all but the abstract), and the abstract apart. */
  const lean = papers.map(({ abstract: _abstract, ...rest }) => rest);
  const abstracts = papers.map(({ id, abstract }) => ({ id, abstract }));
  /** @type {Record<string, number>} */
  const out = {};

  out['put 10k, no index, default durability, 1 tx'] = (await trial((db) => db.createObjectStore('papers', { keyPath: 'id' }), (db) =>
    putAll(db, 'papers', {}, (tx) => papers.forEach((p) => tx.objectStore('papers').put(p))))).ms;
  out['put 10k, no index, relaxed, 1 tx'] = (await trial((db) => db.createObjectStore('papers', { keyPath: 'id' }), (db) =>
    putAll(db, 'papers', relaxed, (tx) => papers.forEach((p) => tx.objectStore('papers').put(p))))).ms;
  const indexed = await trial(withIndexes, (db) => putAll(db, 'papers', relaxed, (tx) => papers.forEach((p) => tx.objectStore('papers').put(p))), async (db) => {
    /** @type {Record<string, number>} */
    const reads = {};
    reads['read 10k full records: store getAll'] = await time(() => result(db.transaction('papers').objectStore('papers').getAll()));
    reads['read 10k full records: index getAll'] = await time(() => result(db.transaction('papers').objectStore('papers').index('savedAt').getAll()));
    reads['read newest 40: index getAllRecords prev'] = await time(() => {
      const index = db.transaction('papers').objectStore('papers').index('savedAt');
      const records = /** @type {any} */ (index).getAllRecords;
      return records ? result(records.call(index, { count: 40, direction: 'prev' })) : Promise.resolve();
    });
    reads['count by index (state)'] = await time(() => result(db.transaction('papers').objectStore('papers').index('state').count('to-read')));
    return reads;
  });
  out['put 10k, 3 indexes, relaxed, 1 tx'] = indexed.ms;
  Object.assign(out, indexed.reads);
  out['put 10k, 3 indexes, relaxed, 10 tx × 1k in turn'] = (await trial(withIndexes, async (db) => {
    for (let c = 0; c < 10; c++) await putAll(db, 'papers', relaxed, (tx) => papers.slice(c * 1000, c * 1000 + 1000).forEach((p) => tx.objectStore('papers').put(p)));
  })).ms;
  out['put 10k, 3 indexes, relaxed, 10 tx × 1k at once'] = (await trial(withIndexes, (db) =>
    Promise.all(Array.from({ length: 10 }, (_, c) => putAll(db, 'papers', relaxed, (tx) => papers.slice(c * 1000, c * 1000 + 1000).forEach((p) => tx.objectStore('papers').put(p))))))).ms;
  // The same papers again over a full store, as an import that replaces the library does.
  out['clear + put 10k over 10k, 3 indexes, relaxed, 1 tx'] = (await trial(withIndexes, async (db) => {
    await putAll(db, 'papers', relaxed, (tx) => papers.forEach((p) => tx.objectStore('papers').put(p)));
    const started = performance.now();
    await putAll(db, 'papers', relaxed, (tx) => {
      tx.objectStore('papers').clear();
      papers.forEach((p) => tx.objectStore('papers').put(p));
    });
    out['(clear + put timed alone)'] = performance.now() - started;
  })).ms;
  const split = await trial((db) => {
    withIndexes(db);
    db.createObjectStore('abstracts', { keyPath: 'id' });
  }, (db) => putAll(db, ['papers', 'abstracts'], relaxed, (tx) => {
    lean.forEach((p) => tx.objectStore('papers').put(p));
    abstracts.forEach((a) => tx.objectStore('abstracts').put(a));
  }), async (db) => ({
    'read 10k lean records (no abstract): store getAll': await time(() => result(db.transaction('papers').objectStore('papers').getAll())),
    'read 10k abstracts: store getAll': await time(() => result(db.transaction('abstracts').objectStore('abstracts').getAll())),
  }));
  out['put 10k lean + 10k abstracts (2 stores), relaxed, 1 tx'] = split.ms;
  Object.assign(out, split.reads);
  out['put 10k lean only (3 indexes), relaxed, 1 tx'] = (await trial(withIndexes, (db) => putAll(db, 'papers', relaxed, (tx) => lean.forEach((p) => tx.objectStore('papers').put(p))))).ms;
  // Papers grouped by id, list part, abstracts and tags apart: what a store of shards writes and
  // reads. Two groupings: by month and number mod 8 (schema v6: 96 groups of ~104) and by month
  // alone (v7: 12 groups of ~833). Reads cost per record far more than per byte.
  for (const [label, shardOf] of /** @type {[string, (id: string) => string][]} */ ([
    ['96 shards (month × 8)', (id) => `${id.slice(0, 4)}-${Number(id.slice(5)) % 8}`],
    ['12 shards (month)', (id) => id.slice(0, 4)],
  ])) {
    /** @type {Record<string, Map<string, Map<string, unknown>>>} */
    const groups = { lean: new Map(), abs: new Map(), tags: new Map() };
    for (const { abstract, ...rest } of papers) {
      const key = shardOf(rest.id);
      for (const [table, value] of /** @type {[string, unknown][]} */ ([['lean', rest], ['abs', abstract], ['tags', { id: rest.id, tags: ['rl', 'llm', 'agents'], manual: ['rl', 'llm', 'agents'] }]])) {
        const group = /** @type {Map<string, Map<string, unknown>>} */ (groups[table]);
        if (!group.has(key)) group.set(key, new Map());
        group.get(key)?.set(rest.id, value);
      }
    }
    const shardStores = (/** @type {IDBDatabase} */ db) => ['lean', 'abs', 'tags'].forEach((name) => db.createObjectStore(name));
    const writeShards = (/** @type {IDBDatabase} */ db) => putAll(db, ['lean', 'abs', 'tags'], relaxed, (tx) => {
      for (const table of ['lean', 'abs', 'tags']) for (const [key, value] of groups[table] ?? []) tx.objectStore(table).put(value, key);
    });
    const sharded = await trial(shardStores, writeShards, async (db) => {
      /** @type {Record<string, number>} */
      const reads = {};
      reads['shards: clear + write all again, relaxed, 1 tx'] = await time(() => putAll(db, ['lean', 'abs', 'tags'], relaxed, (tx) => {
        for (const table of ['lean', 'abs', 'tags']) {
          tx.objectStore(table).clear();
          for (const [key, value] of groups[table] ?? []) tx.objectStore(table).put(value, key);
        }
      }));
      reads['shards: read all list parts (10k papers)'] = await time(() => result(db.transaction('lean').objectStore('lean').getAll()));
      reads['shards: read all tags (10k)'] = await time(() => result(db.transaction('tags').objectStore('tags').getAll()));
      reads['shards: read all abstracts (10k)'] = await time(() => result(db.transaction('abs').objectStore('abs').getAll()));
      reads['shards: change one paper (read + write its list shard)'] = await time(async () => {
        const tx = db.transaction('lean', 'readwrite');
        const id = papers[5]?.id ?? '';
        const shard = /** @type {Map<string, object>} */ (await result(tx.objectStore('lean').get(shardOf(id))));
        shard.set(id, { ...shard.get(id), state: 'done' });
        tx.objectStore('lean').put(shard, shardOf(id));
        await done(tx);
      });
      reads['shards: which of 100 ids of one month are saved'] = await time(() => {
        const tx = db.transaction('lean');
        const keys = [...new Set(papers.filter((p) => p.id.startsWith('2403')).slice(0, 100).map((p) => shardOf(p.id)))];
        return Promise.all(keys.map((key) => result(tx.objectStore('lean').get(key))));
      });
      return reads;
    });
    out[`put 10k papers as ${label} × 3 stores (list, abstract, tags), relaxed, 1 tx`] = sharded.ms;
    for (const [name, ms] of Object.entries(sharded.reads)) out[name.replace('shards:', `${label}:`)] = ms;
  }
  // Fewer, bigger values: 100 records of 100 papers, and the whole library as one value.
  const chunked = await trial((db) => db.createObjectStore('chunks'), (db) => putAll(db, 'chunks', relaxed, (tx) => {
    for (let c = 0; c < n / 100; c++) tx.objectStore('chunks').put(papers.slice(c * 100, c * 100 + 100), c);
  }), async (db) => ({ 'read 100 chunks of 100 papers: getAll': await time(() => result(db.transaction('chunks').objectStore('chunks').getAll())) }));
  out['put 100 chunks × 100 papers (objects), relaxed, 1 tx'] = chunked.ms;
  Object.assign(out, chunked.reads);
  const oneString = await trial((db) => db.createObjectStore('blob'), (db) => putAll(db, 'blob', relaxed, (tx) => tx.objectStore('blob').put(JSON.stringify(papers), 'all')), async (db) => ({
    'read the whole library as one JSON string + JSON.parse': await time(async () => JSON.parse(await result(db.transaction('blob').objectStore('blob').get('all')))),
  }));
  out['put the whole library as one JSON string (incl. stringify), relaxed'] = oneString.ms;
  Object.assign(out, oneString.reads);
  out['(JSON.stringify of 10k papers alone)'] = await time(async () => JSON.stringify(papers));
  out['(structuredClone of 10k papers alone)'] = await time(async () => structuredClone(papers));
  out['(MB of JSON)'] = bytes / 1e6;
  return out;
}

const { context, extensionId } = await launchBrowser();
try {
  const page = await context.newPage();
  // An empty extension page: the same origin and storage as the popup, nothing else running.
  await page.goto(`chrome-extension://${extensionId}/manifest.json`);
  /** @type {Record<string, number[]>} */
  const samples = {};
  for (let run = 0; run < RUNS; run++) {
    const out = await page.evaluate(experiments, PAPERS);
    for (const [name, ms] of Object.entries(out)) (samples[name] ??= []).push(ms);
  }
  const width = Math.max(...Object.keys(samples).map((name) => name.length));
  console.log(`IndexedDB floor, ${PAPERS.toLocaleString('en')} papers, ${RUNS} runs: median (min–max) ms`);
  for (const [name, list] of Object.entries(samples)) {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (/** @type {number} */ i) => (sorted.at(i) ?? NaN).toFixed(0);
    console.log(`${name.padEnd(width)}  ${at(Math.floor(sorted.length / 2)).padStart(6)} (${at(0)}–${at(-1)})`);
  }
} finally {
  await context.close();
}
