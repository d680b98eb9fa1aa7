/**
 * Every schema step Paperlight has shipped, index = the version it reaches. Append only: a new
 * version is a new file and one line here; a shipped step is never edited (its test builds a
 * database at the version before it from recorded records and checks every record after it).
 */
import type { Migration } from './migration';
import { v1 } from './v1-reading-list';
import { v2 } from './v2-published-and-meta';
import { v3 } from './v3-tags';
import { v4 } from './v4-rules';
import { v5 } from './v5-states-and-notes';
import { v6 } from './v6-shards';
import { v7 } from './v7-month-shards';
import { v8 } from './v8-seen-ledger';
import { v9 } from './v9-ranking';

export const MIGRATIONS: readonly Migration[] = [() => {}, v1, v2, v3, v4, v5, v6, v7, v8, v9];

export { runMigrations, type Migration } from './migration';
