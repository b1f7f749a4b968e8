import type { Db } from './open';
import type { Dialect, SqlExec, Tx } from './sql';
import type { MigrationProvider } from 'kysely';
import type { ReadQueries } from './read-queries';

export interface StorageStats {
  /** Data statements run on the write connection so far. */
  statements: number;
  /** Transaction control (BEGIN, COMMIT, SAVEPOINT...). */
  control: number;
  /** Group-committed transactions and the jobs they held. */
  transactions: number;
  jobs: number;
}

/**
 * The database as the services see it: SQLite (storage/sqlite/open.ts, one node) or PostgreSQL
 * (storage/postgres/open.ts, many nodes): there `write` runs its group on one pooled connection,
 * `read` and `reads` on the pool; `dialect`, `reads` and `migrations` carry the SQL differences.
 */
export interface Storage {
  /** Kysely over the same connection, for the portable queries off the hot paths (accounts, settings, templates, leads). */
  db: Db;
  dialect: Dialect;
  /** Every migration this database must have (readiness compares them with what is applied). */
  migrations: MigrationProvider;
  /**
   * A write job, committed together with whatever else is submitted meanwhile; settles after that
   * commit. Jobs of different `key`s touch different rows, so on PostgreSQL they may run at once
   * (their statements pipelined); jobs of one key run in order, and a job without one runs alone.
   */
  write<T>(job: (tx: Tx) => Promise<T>, key?: string): Promise<T>;
  /** A short read on the write connection: sees every commit so far. */
  read<T>(fn: (x: SqlExec) => Promise<T>): Promise<T>;
  /** Reads that may take long (lists, search, retention scans): off the event loop. */
  reads: ReadQueries;
  stats(): StorageStats;
  /** Waits for pending writes, then closes. */
  close(): Promise<void>;
}
