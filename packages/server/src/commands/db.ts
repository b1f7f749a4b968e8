import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteStorage } from '../storage/sqlite/open';
import type { Storage } from '../storage/types';

export const DB_FILE = 'parley.db';

/**
 * The server's database, opened (and migrated) for a command: PostgreSQL with DATABASE_URL, else
 * the data dir's SQLite file (its WAL lets a running server share it).
 */
export async function openDataDir(dataDir: string, databaseUrl: string | null = null): Promise<Storage> {
  if (databaseUrl) return (await import('../storage/postgres/open')).openPostgresStorage(databaseUrl, { poolSize: 2 });
  // A command: no read workers (its queries are few), and nothing else runs meanwhile.
  return openSqliteStorage(join(dataDir, DB_FILE), { readWorkers: 0 });
}

export function hasDatabase(dataDir: string, databaseUrl: string | null = null): boolean {
  return databaseUrl !== null || existsSync(join(dataDir, DB_FILE));
}
