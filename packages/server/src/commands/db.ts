import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStorage } from '../storage/sqlite/open';
import type { Storage } from '../storage/types';

export const DB_FILE = 'parley.db';

/** The data dir's database, opened (and migrated) for a command; SQLite's WAL lets a running server share it. */
export async function openDataDir(dataDir: string): Promise<Storage> {
  // A command: no read workers (its queries are few), and nothing else runs meanwhile.
  return openSqliteStorage(join(dataDir, DB_FILE), { readWorkers: 0 });
}

export function hasDatabase(dataDir: string): boolean {
  return existsSync(join(dataDir, DB_FILE));
}
