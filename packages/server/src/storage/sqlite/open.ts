import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import type { Database } from '../schema';
import { migrationProvider } from '../migrations';
import { readQueries } from '../read-queries';
import type { SqlExec, Tx } from '../sql';
import type { Storage } from '../types';
import { ConnectionLock, SqliteConn } from './connection';
import { parleySqliteDialect } from './kysely-driver';
import { sqliteDialect, sqliteExec } from './exec';
import { GroupCommit } from './group-commit';
import { ReadPool } from './read-pool';
import { sqliteSearch } from './search';
import { searchMigration } from './search-migration';

export interface SqliteStorageOptions {
  /** Worker threads for long reads (0: run them on the main connection, e.g. in tests). */
  readWorkers?: number;
  onError?: (err: unknown) => void;
}

/**
 * SQLite through better-sqlite3: WAL for concurrent readers, synchronous=FULL so a committed
 * transaction (and so every ack) survives a crash or power loss, foreign keys on. One write
 * connection on the main thread (writes are group-committed; short reads share it, so they see
 * every commit) and read-only connections in worker threads for the long reads.
 */
export async function openSqliteStorage(file: string, opts: SqliteStorageOptions = {}): Promise<Storage> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  const conn = new SqliteConn(raw);
  const lock = new ConnectionLock();
  const db = new Kysely<Database>({ dialect: parleySqliteDialect(conn, lock) });
  const migrator = new Migrator({
    db,
    provider: migrationProvider({ '0003_search': searchMigration }),
    // Parallel branches add migrations: each runs once, whatever order they land in.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    raw.close();
    throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
  }
  raw.pragma('optimize = 0x10002');

  const exec = sqliteExec(conn);
  const group = new GroupCommit(conn, lock, exec);
  const workers = file === ':memory:' ? 0 : (opts.readWorkers ?? 1);
  const pool = workers > 0 ? new ReadPool(file, workers, opts.onError ?? (() => {})) : null;

  const read = async <T>(fn: (x: SqlExec) => Promise<T>): Promise<T> => {
    await lock.acquire();
    try {
      return await fn(exec);
    } finally {
      lock.release();
    }
  };
  let closed = false;
  return {
    db,
    dialect: sqliteDialect,
    write: <T>(job: (tx: Tx) => Promise<T>) => group.submit(job),
    read,
    reads: pool ? pool.queries() : readQueries({
      get: (sql, p) => read((x) => x.get(sql, p)),
      all: (sql, p) => read((x) => x.all(sql, p)),
      run: (sql, p) => read((x) => x.run(sql, p)),
    }, sqliteDialect, sqliteSearch),
    stats: () => ({
      statements: conn.counts.statements, control: conn.counts.control,
      transactions: group.stats.transactions, jobs: group.stats.jobs,
    }),
    async close() {
      if (closed) return;
      closed = true;
      await group.idle();
      await pool?.close();
      await db.destroy();
      conn.close();
    },
  };
}
