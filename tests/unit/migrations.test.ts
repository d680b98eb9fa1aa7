/**
 * Each shipped schema step, on its own: a database is built at the version before it (by the
 * shipped steps) and filled with records as that version stored them (tests/fixtures/migrations/
 * records.json up to v5; from v6 on, what the step before produced when it shipped); the step
 * runs; every store, index and record after it must equal what the step produced when it shipped
 * (after-vN.json, recorded from the code of that time). A change to a frozen step, or to anything
 * it runs, fails here.
 *
 * `RECORD_MIGRATIONS=1 npx vitest run tests/unit/migrations.test.ts` writes the after-vN.json files
 * again: only ever for a new step.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDBPDatabase } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION } from '@/lib/store/database';
import { openAt, uniqueDbName } from './test-data';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'migrations');
const RECORDS = JSON.parse(readFileSync(join(DIR, 'records.json'), 'utf8')) as Record<string, Record<string, unknown[]>>;
const RECORD = process.env.RECORD_MIGRATIONS === '1';


/** Maps (the shards and the summary's counts) as JSON: entries in a marked array. */
const toJson = (_key: string, value: unknown) => (value instanceof Map ? { $map: [...value] } : value);
const fromJson = (_key: string, value: unknown) =>
  typeof value === 'object' && value !== null && '$map' in value ? new Map((value as { $map: [unknown, unknown][] }).$map) : value;

/** Every store of the database: its key path, indexes and records (key and value). */
async function dump(db: IDBPDatabase): Promise<Record<string, unknown>> {
  const stores: Record<string, unknown> = {};
  for (const name of [...db.objectStoreNames].sort()) {
    const tx = db.transaction(name);
    const store = tx.store;
    const indexes = [...store.indexNames].sort().map((index) => {
      const { keyPath, multiEntry, unique } = store.index(index);
      return { index, keyPath, multiEntry, unique };
    });
    const [keys, values] = await Promise.all([store.getAllKeys(), store.getAll()]);
    stores[name] = { keyPath: store.keyPath, indexes, records: keys.map((key, i) => [key, values[i]]) };
    await tx.done;
  }
  return stores;
}

/** The records of a database at `version`, as [key, value]: recorded by hand up to v5
 * (records.json), and from v6 on what the step to that version produced when it shipped. */
function recordsOf(version: number): Record<string, [unknown, unknown][]> {
  const recorded = RECORDS[`v${version}`];
  if (recorded) return Object.fromEntries(Object.entries(recorded).map(([store, values]) => [store, values.map((value) => [null, value])]));
  const after = JSON.parse(readFileSync(join(DIR, `after-v${version}.json`), 'utf8'), fromJson) as Record<string, { records: [unknown, unknown][] }>;
  return Object.fromEntries(Object.entries(after).map(([store, { records }]) => [store, records]));
}

describe('each shipped migration step, from recorded records of the version before it', () => {
  it('covers every shipped version', () => {
    expect(DB_VERSION).toBe(9);
    for (let version = 1; version <= DB_VERSION; version++) expect(existsSync(join(DIR, `after-v${version}.json`)) || RECORD).toBe(true);
  });

  it('each step is self-contained: it imports nothing but types from idb and its own folder', () => {
    const folder = join(import.meta.dirname, '..', '..', 'lib', 'store', 'migrations');
    for (const file of readdirSync(folder).filter((name) => /^v\d+-.*\.ts$/.test(name))) {
      const source = readFileSync(join(folder, file), 'utf8');
      const imports = [...source.matchAll(/^import\s+(type\s+)?.*?from\s+'([^']+)'/gms)].map((match) => `${match[1] ? 'type ' : ''}${match[2]}`);
      expect(imports.every((spec) => spec === "type ./migration" || spec === 'type idb'), `${file}: ${imports.join(', ')}`).toBe(true);
    }
  });

  for (let version = 1; version <= DB_VERSION; version++) {
    it(`v${version - 1} → v${version}`, async () => {
      const name = uniqueDbName();
      // Version 0 is no database at all.
      if (version > 1) {
        const before = await openAt(name, version - 1);
        for (const [store, records] of Object.entries(recordsOf(version - 1))) {
          const tx = before.transaction(store, 'readwrite');
          // Stores with out-of-line keys (the shards, from v6) take the key apart.
          for (const [key, value] of records) await (tx.store.keyPath === null ? tx.store.put(value, key as IDBValidKey) : tx.store.put(value));
          await tx.done;
        }
        before.close();
      }

      const after = await openAt(name, version);
      expect(after.version).toBe(version);
      const result = await dump(after);
      after.close();
      const file = join(DIR, `after-v${version}.json`);
      if (RECORD) writeFileSync(file, JSON.stringify(result, toJson, 1) + '\n');
      expect(result).toEqual(JSON.parse(readFileSync(file, 'utf8'), fromJson));
    });
  }
});
