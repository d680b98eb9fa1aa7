/**
 * The database as an extension page (popup, full-page view) reads it: the same origin as the
 * background, so reads need not cross the messaging channel (ten thousand papers are 20 MB of
 * messages). Pages only read; every change goes through the background, which broadcasts it.
 */
import { openDatabase, type Database } from '../store/database';

let connection: Promise<Database> | null = null;

export function pageDatabase(): Promise<Database> {
  connection ??= openDatabase(undefined, () => (connection = null)).catch((error: unknown) => {
    connection = null;
    throw error;
  });
  return connection;
}
