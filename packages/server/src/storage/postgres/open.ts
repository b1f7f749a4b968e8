import pg from 'pg';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import type { Database } from '../schema';
import { migrationProvider } from '../migrations';
import { readQueries } from '../read-queries';
import type { SqlExec, Tx } from '../sql';
import type { Storage } from '../types';
import { pgDialect, pgExec } from './exec';
import { PgGroupCommit, type PgGroupCommitOptions } from './group-commit';
import { pgSearch } from './search';
import { pgSearchMigration } from './search-migration';
import { pgHelpSearchMigration } from './help-search';
import { pgStatsRollup } from '../integrations/stats-rollup-migration';

/** Every migration of a PostgreSQL database: the portable ones, its full-text searches and the statistics rollups' triggers. */
export const pgMigrations = migrationProvider({
  '0010_search': pgSearchMigration,
  '0016_help_search': pgHelpSearchMigration,
  '0017_stats_rollup': pgStatsRollup,
});

export interface PgStorageOptions {
  /** Most connections this node opens for reads and Kysely (the group commit has one of its own besides). */
  poolSize?: number;
  onError?: (err: unknown) => void;
  onQuery?: (ms: number) => void;
  /** Each group commit's timing (metrics). */
  onGroup?: PgGroupCommitOptions['onGroup'];
}

const { types } = pg;
const INT8 = 20;
const NUMERIC = 1700;
const JSON_OID = 114;
const JSONB = 3802;

/**
 * Values as SQLite gives them: bigint (epoch-ms times, seqs, counts) and numeric (sums) as
 * numbers (they stay far below 2^53), json as text (repositories parse what they read).
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === JSON_OID || oid === JSONB) return (v: string) => v;
    return types.getTypeParser(oid, format) as (v: string) => unknown;
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** What to log of a connection's error: pg hangs the whole client (its statements too) on it. */
function connectionError(err: Error): { message: string; code?: string } {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? { message: err.message, code } : { message: err.message };
}

/** Runs every migration not yet applied (one node at a time: Kysely takes an advisory lock). */
export async function migratePg(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: pgMigrations, allowUnorderedMigrations: true });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`database migration failed${failed ? ` at ${failed.migrationName}` : ''}: ${String(error)}`);
}

/**
 * PostgreSQL through `pg`: one pool per node. Writes are group-committed on a connection of
 * their own, in pipeline mode (postgres/group-commit.ts); short reads and the long ones (lists,
 * search) run on the pool, so they see every commit of every node; Kysely shares the pool.
 * Many nodes may share one database: per-dialog seqs are reserved under the dialog's row lock.
 */
export async function openPostgresStorage(url: string, opts: PgStorageOptions = {}): Promise<Storage> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    types: typeParsers,
    // A database that is down answers fast instead of hanging requests.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'parley',
  });
  // pg-pool listens for a client's errors only while it is idle in the pool. A client checked out
  // between two statements (the group commit's, Kysely's) whose server goes away (a restart, a
  // failover) would emit 'error' with no listener, which ends the process. So every client gets
  // its own listener for its whole life: it logs once; the query in flight (or the next) fails
  // with a retryable error, and the pool drops the dead client at release.
  const listen = (p: pg.Pool) => {
    p.on('connect', (client) => {
      client.on('error', (err) => opts.onError?.(connectionError(err)));
    });
    // Idle clients' errors reach the pool too: already logged by the client's listener above.
    p.on('error', () => undefined);
  };
  listen(pool);
  const counts = { statements: 0, control: 0 };
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migratePg(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  const exec = pgExec(pool, () => counts.statements++, opts.onQuery);
  // The group commit's own connection, in pipeline mode: a group's keyed jobs send their
  // statements without waiting for each other's answers (postgres/group-commit.ts). Apart from the
  // pool, whose other users (Kysely) may keep a portal open across round trips, which pipelining refuses.
  const writePool = new pg.Pool({
    connectionString: url,
    max: 1,
    types: typeParsers,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    application_name: 'parley',
    pipeline: true,
  });
  listen(writePool);
  const group = new PgGroupCommit(writePool, {
    onStatement: () => counts.statements++,
    onQuery: opts.onQuery,
    onControl: () => counts.control++,
    onGroup: opts.onGroup,
  });
  let closed = false;
  return {
    db,
    dialect: pgDialect,
    migrations: pgMigrations,
    write: <T>(job: (tx: Tx) => Promise<T>, key?: string) => group.submit(job, key),
    read: <T>(fn: (x: SqlExec) => Promise<T>) => fn(exec),
    reads: readQueries(exec, pgDialect, pgSearch),
    stats: () => ({ statements: counts.statements, control: counts.control, transactions: group.stats.transactions, jobs: group.stats.jobs }),
    async close() {
      if (closed) return;
      closed = true;
      await group.idle();
      await writePool.end();
      await db.destroy();
    },
  };
}
