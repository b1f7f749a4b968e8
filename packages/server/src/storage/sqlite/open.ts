import { closeSync, fdatasync, fdatasyncSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
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
import { ftsPageSizeMigration, searchMigration } from './search-migration';
import { helpSearchMigration } from './help-search';
import { sqliteStatsRollup } from '../integrations/stats-rollup-migration';
import { visitorCountMigration } from './visitor-count-migration';
import { writePagesMigration } from './write-pages-migration';

/**
 * Every migration of a SQLite database: the portable ones, its full-text search, the statistics
 * rollups' triggers, the dialogs' visitor message counts, the full-text indexes' page size and one
 * index fewer on messages.
 */
export const sqliteMigrations = migrationProvider({
  '0010_search': searchMigration,
  '0016_help_search': helpSearchMigration,
  '0017_stats_rollup': sqliteStatsRollup,
  '0025_visitor_count': visitorCountMigration,
  '0026_fts_page_size': ftsPageSizeMigration,
  '0027_write_pages': writePagesMigration,
});

export interface SqliteStorageOptions {
  /** Worker threads for long reads (0: run them on the main connection, e.g. in tests). */
  readWorkers?: number;
  /** The read workers' CPU cap while the event loop is busy, percent of a core (ReadGate); null: none; default 'auto' (defaultReadShare). */
  readCpuPercent?: number | null | 'auto';
  onError?: (err: unknown) => void;
  /** WAL length (frames) past which a checkpoint round runs between two commits (tests make it short). */
  walRestartFrames?: number;
  /** Each statement's duration on the write connection (metrics). */
  onQuery?: (ms: number) => void;
}

const fdatasyncAsync = promisify(fdatasync);

/**
 * Keeps the planner's statistics to sqlite_stat1. better-sqlite3 builds SQLite with
 * SQLITE_ENABLE_STAT4, and with STAT4 samples a statement whose bound value meets an indexed
 * column is prepared again whenever that value changes (the planner re-plans for the value): every
 * cached statement of the write path was parsed and planned anew for each message, once a database
 * had statistics (ANALYZE, or the `optimize` above on a database with data). Measured on the
 * benchmark's 1k-dialog data set: the visitor message's dialog UPDATE 185 µs of CPU with samples,
 * 21 µs without. The samples only refine estimates for skewed values; stat1 keeps the plans.
 * Read workers open after this, so they load the same statistics.
 */
export function dropStat4Samples(raw: SqliteDatabase.Database): void {
  if (!raw.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4'").get()) return;
  if (!raw.prepare('SELECT 1 FROM sqlite_stat4 LIMIT 1').get()) return;
  raw.exec('DELETE FROM sqlite_stat4');
  // Loads the statistics again, now without samples.
  raw.exec('ANALYZE sqlite_schema');
}

/** WAL length (frames of one page) past which a checkpoint round runs between two commits: 64 MB at 4 KB pages (journal_size_limit). */
export const WAL_RESTART_FRAMES = 16384;

/**
 * SQLite through better-sqlite3: WAL for concurrent readers, foreign keys on. One write
 * connection on the main thread (writes are group-committed; short reads share it, so they see
 * every commit) and read-only connections in worker threads for the long reads.
 *
 * Durability: every group commit is followed by an fdatasync of the WAL file before any of its
 * writes is answered, so an ack survives a crash or a power loss, as with synchronous=FULL. The
 * difference: SQLite's own fsync would block the event loop for the whole flush; ours runs in
 * the thread pool while the loop goes on reading frames (the connection stays locked meanwhile, so
 * nothing reads what is not yet durable on it). synchronous=NORMAL keeps checkpoints safe, and
 * checkpoints run in a worker, not in a commit on the main thread.
 */
export async function openSqliteStorage(file: string, opts: SqliteStorageOptions = {}): Promise<Storage> {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const raw = new SqliteDatabase(file);
  raw.pragma('journal_mode = WAL');
  const memory = file === ':memory:';
  raw.pragma(memory ? 'synchronous = FULL' : 'synchronous = NORMAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('journal_size_limit = 67108864');
  raw.pragma('cache_size = -32768');
  raw.pragma('mmap_size = 268435456');
  const conn = new SqliteConn(raw);
  if (opts.onQuery) conn.onQuery = opts.onQuery;
  const lock = new ConnectionLock();
  const db = new Kysely<Database>({ dialect: parleySqliteDialect(conn, lock) });
  const migrator = new Migrator({
    db,
    provider: sqliteMigrations,
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
  dropStat4Samples(raw);

  const exec = sqliteExec(conn);
  const workers = memory ? 0 : (opts.readWorkers ?? 1);
  // With read workers, the pool's checkpointer thread checkpoints the WAL; without, SQLite does in the commit.
  if (workers > 0) raw.pragma('wal_autocheckpoint = 0');
  let walFd: number | null = null;
  const syncWal = memory
    ? undefined
    : async (jobs: number) => {
        if (walFd === null) {
          walFd = openSync(`${file}-wal`, 'r+');
          // The WAL's directory entry too, once.
          const dir = openSync(dirname(file), 'r');
          try {
            fsyncSync(dir);
          } finally {
            closeSync(dir);
          }
        }
        // A group of one means the server is quiet: syncing right here saves the lone sender a trip
        // through the thread pool. A real group syncs there while the loop reads the next frames.
        if (jobs === 1) fdatasyncSync(walFd);
        else await fdatasyncAsync(walFd);
      };
  const group = new GroupCommit(conn, lock, exec, { afterCommit: syncWal });
  const percent = opts.readCpuPercent === undefined ? 'auto' : opts.readCpuPercent;
  const pool =
    workers > 0 ? new ReadPool(file, workers, opts.onError ?? (() => {}), percent === 'auto' ? {} : { share: percent === null ? null : percent / 100 }) : null;
  if (pool) {
    // Under a steady write load a commit lands during every checkpoint, so the WAL is never all
    // copied when the next write starts, and SQLite never starts it over: it grew by ~30 MB/s at
    // 1000 senders (363 MB in one bench). Past WAL_RESTART_FRAMES, one round runs while the write
    // lock is held (writes wait, the event loop does not); the next write then starts the WAL over.
    let restarting = false;
    const restartAt = opts.walRestartFrames ?? WAL_RESTART_FRAMES;
    pool.onWal = (frames) => {
      if (frames < restartAt || restarting) return;
      restarting = true;
      void lock
        .acquire()
        .then(() => pool.checkpoint())
        .catch(() => null)
        .finally(() => {
          lock.release();
          restarting = false;
        });
    };
  }

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
    migrations: sqliteMigrations,
    write: <T>(job: (tx: Tx) => Promise<T>, key?: string) => group.submit(job, key),
    read,
    reads: pool
      ? pool.queries()
      : readQueries(
          {
            get: (sql, p) => read((x) => x.get(sql, p)),
            all: (sql, p) => read((x) => x.all(sql, p)),
            run: (sql, p) => read((x) => x.run(sql, p)),
          },
          sqliteDialect,
          sqliteSearch,
        ),
    stats: () => ({
      statements: conn.counts.statements,
      control: conn.counts.control,
      transactions: group.stats.transactions,
      jobs: group.stats.jobs,
    }),
    async close() {
      if (closed) return;
      closed = true;
      await group.idle();
      await pool?.close();
      await db.destroy();
      conn.close();
      if (walFd !== null) closeSync(walFd);
    },
  };
}
