/** The user's settings, one record in the `meta` store. */
import type { IDBPDatabase } from 'idb';
import { Settings } from '../model/library';
import type { PaperlightDB } from './database';
import { SETTINGS_KEY } from './keys';

type DB = IDBPDatabase<PaperlightDB>;
/** The `meta` store of any transaction that has it. */
type MetaStore = { get(key: string): Promise<{ value: unknown } | undefined> };

export { SETTINGS_KEY } from './keys';

/** Settings from a stored value: the default for each setting that is missing or damaged (one bad
 * setting must neither stop the extension nor reset the others). */
export function settingsFrom(raw: unknown): Settings {
  const parsed = Settings.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const record = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const valid = Object.entries(Settings.shape).flatMap(([key, schema]) => {
    const field = schema.safeParse(record[key]);
    return field.success ? [[key, field.data]] : [];
  });
  return Settings.parse(Object.fromEntries(valid));
}

/** The settings as a transaction sees them (for operations that read them with other stores). */
export async function settingsIn(meta: MetaStore): Promise<Settings> {
  return settingsFrom((await meta.get(SETTINGS_KEY))?.value);
}

export async function readSettings(db: DB): Promise<Settings> {
  const tx = db.transaction('meta', 'readonly');
  const settings = await settingsIn(tx.store);
  await tx.done;
  return settings;
}

/** Changes the settings `change` names (a key-bindings map replaces the old one); all of them after. */
export async function writeSettings(db: DB, change: Partial<Settings>): Promise<Settings> {
  const tx = db.transaction('meta', 'readwrite');
  // An undefined field would bring back its default: it is not a change.
  const given = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
  const settings = Settings.parse({ ...(await settingsIn(tx.store)), ...given });
  await tx.store.put({ key: SETTINGS_KEY, value: settings });
  await tx.done;
  return settings;
}
