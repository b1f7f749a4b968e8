import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStorage, type Storage } from '../storage/open';

export const DB_FILE = 'parley.db';

/** The data dir's database, opened (and migrated) for a command; SQLite's WAL lets a running server share it. */
export async function openDataDir(dataDir: string): Promise<Storage> {
  return openSqliteStorage(join(dataDir, DB_FILE));
}

export function hasDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, DB_FILE));
}
