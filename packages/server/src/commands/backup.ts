import { copyFile, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Config } from '../config';
import { sqliteMigrations } from '../storage/sqlite/open';
import { UsageError, type Io } from './common';
import { DB_FILE } from './db';
import { runningServer } from './pid-file';

function integrity(db: SqliteDatabase.Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

/** backup and restore copy the SQLite file; PostgreSQL has its own tools. */
const PG_BACKUP =
  'backup and restore are for the SQLite file; with DATABASE_URL use PostgreSQL\'s tools (pg_dump -Fc "$DATABASE_URL" > parley.dump, pg_restore)';

/**
 * `parley backup FILE`: a consistent copy of the live database through SQLite's online backup
 * API. It reads one snapshot (WAL lets the server keep writing meanwhile) and the copy is checked
 * before it is reported done. Uploaded files (files/, avatars/) are plain files that never change
 * once written: copy those directories beside it.
 */
export async function backupCommand(cfg: Config, args: string[], io: Io): Promise<number> {
  if (args.length !== 1) throw new UsageError('usage: parley backup FILE');
  if (cfg.databaseUrl) throw new UsageError(PG_BACKUP);
  const target = resolve(args[0] as string);
  const source = join(cfg.dataDir, DB_FILE);
  if (!existsSync(source)) throw new UsageError(`no database in ${cfg.dataDir} (set PARLEY_DATA_DIR or --data-dir)`);
  if (existsSync(target)) throw new UsageError(`${target} exists; choose a new file name`);
  const db = new SqliteDatabase(source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const partial = `${target}.partial`;
  try {
    // After the first step, copy everything that is left in one step: one read snapshot, so
    // writes by the server cannot make the copy start over again and again.
    const r = await db.backup(partial, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
    const copy = new SqliteDatabase(partial, { readonly: true, fileMustExist: true });
    const check = integrity(copy);
    copy.close();
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${check}`);
    await rename(partial, target);
    io.out(`Backed up ${r.totalPages} pages (${(await stat(target)).size} bytes) to ${target}.`);
    io.out(`Uploaded files are in ${join(cfg.dataDir, 'files')} and ${join(cfg.dataDir, 'avatars')}: copy them too (they never change once written).`);
    return 0;
  } finally {
    db.close();
    await rm(partial, { force: true });
  }
}

/**
 * `parley restore FILE`: replaces the database with a backup, with the server stopped. The file
 * is checked first (a SQLite database, intact, from this or an older Parley: newer migrations are
 * refused); the database it replaces is kept beside it as parley.db.before-restore-<time>.
 */
export async function restoreCommand(cfg: Config, args: string[], io: Io): Promise<number> {
  if (cfg.databaseUrl) throw new UsageError(PG_BACKUP);
  if (args.length !== 1) throw new UsageError('usage: parley restore FILE');
  const source = resolve(args[0] as string);
  if (!existsSync(source)) throw new UsageError(`${source} does not exist`);
  const pid = await runningServer(cfg.dataDir);
  if (pid !== null) {
    io.err(`parley: a server (pid ${pid}) is running on ${cfg.dataDir}; stop it first`);
    return 1;
  }
  let backup: SqliteDatabase.Database;
  try {
    backup = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
  } catch (err) {
    io.err(`parley: ${source} is not a database: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  try {
    let check: string;
    let applied: string[];
    try {
      check = integrity(backup);
      applied = (backup.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name);
    } catch (err) {
      io.err(`parley: ${source} is not a Parley backup: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    if (check !== 'ok') {
      io.err(`parley: ${source} failed its integrity check: ${check}`);
      return 1;
    }
    const known = new Set(Object.keys(await sqliteMigrations.getMigrations()));
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length > 0) {
      io.err(`parley: ${source} comes from a newer Parley (migrations ${unknown.join(', ')}); upgrade this server first`);
      return 1;
    }
  } finally {
    backup.close();
  }
  const live = join(cfg.dataDir, DB_FILE);
  const incoming = `${live}.restoring`;
  await copyFile(source, incoming);
  if (existsSync(live)) {
    // Fold the WAL into the old file so it can be kept whole, then set it aside.
    const old = new SqliteDatabase(live);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.close();
    const aside = `${live}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(live, aside);
    io.out(`The database it replaces is kept as ${aside}.`);
  }
  await rm(`${live}-wal`, { force: true });
  await rm(`${live}-shm`, { force: true });
  await rename(incoming, live);
  io.out(`Restored ${source} into ${live}. Start the server (it applies any newer migrations); restore files/ and avatars/ from the same backup.`);
  return 0;
}
