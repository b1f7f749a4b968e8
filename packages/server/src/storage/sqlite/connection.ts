import type SqliteDatabase from 'better-sqlite3';

// Parameters bind positionally (arrays) or by name (objects); better-sqlite3 takes both.
type Statement = SqliteDatabase.Statement<unknown[], unknown>;
export type Params = readonly unknown[] | Record<string, unknown>;

/**
 * A FIFO lock: one holder at a time, waiters served in order and woken one by one (Kysely's own
 * SQLite mutex wakes every waiter on each release, which costs O(waiters) per statement).
 */
export class ConnectionLock {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  get busy(): boolean {
    return this.held;
  }

  /** Takes the lock now if it is free. */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    // Handed over: the lock stays held by the next waiter.
    if (next) next();
    else this.held = false;
  }
}

const CACHE_LIMIT = 1000;

/** Adds to a statement cache, dropping the oldest entry at CACHE_LIMIT: dynamic SQL (IN lists of varying length) must not grow it without bound. */
function remember<V>(cache: Map<string, V>, sql: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  cache.set(sql, value);
  return value;
}

/** A statement that returns rows as arrays, and the function that makes its row objects. */
interface RowStatement {
  stmt: Statement;
  width: number;
  build: (r: readonly unknown[]) => unknown;
}

/**
 * A function that makes one object literal from a row array: better-sqlite3 builds a row object
 * through the V8 API one property at a time, and for a dialog's card (40 columns) that was a third
 * of the statement's time (the visitor message's dialog UPDATE: 18.3 µs with row objects, 13.8
 * as arrays). Same keys in the same order as better-sqlite3's objects; a repeated name takes the
 * last column, as there.
 */
function rowBuilder(names: readonly string[]): (r: readonly unknown[]) => unknown {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- keys come from SQLite's column names, quoted by JSON.stringify
  return new Function('r', `return {${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')}};`) as (r: readonly unknown[]) => unknown;
}

/**
 * One better-sqlite3 connection. Statements are prepared once per SQL text and cached (preparing
 * costs more than running most of our statements), and counted: `statements` are the data
 * statements, `control` the transaction control (BEGIN, COMMIT, SAVEPOINT...), so tests can
 * assert what a request costs.
 */
export class SqliteConn {
  private readonly cache = new Map<string, Statement>();
  /** Statements of `rowGet`/`rowAll`, apart from `cache` (Kysely's driver reads row objects from those). */
  private readonly rowCache = new Map<string, RowStatement | null>();
  /** statements: data statements; writes: those that may change rows; control: BEGIN, COMMIT, SAVEPOINT... */
  readonly counts = { statements: 0, writes: 0, control: 0 };

  /** Called with each data statement's duration (ms), for the metrics. */
  onQuery: ((ms: number) => void) | null = null;

  constructor(readonly raw: SqliteDatabase.Database) {}

  /** Runs a statement, timed when someone listens. */
  timed<T>(run: () => T): T {
    const on = this.onQuery;
    if (!on) return run();
    const t = performance.now();
    try {
      return run();
    } finally {
      on(performance.now() - t);
    }
  }

  stmt(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) s = remember(this.cache, sql, this.raw.prepare(sql));
    return s;
  }

  /** A statement whose rows come as arrays (see rowBuilder), cached like `stmt`; null: it returns none. */
  private rowStmt(sql: string): RowStatement | null {
    let e = this.rowCache.get(sql);
    if (e === undefined) {
      // A statement that returns no rows is remembered as such (not prepared again on every call).
      const stmt = this.raw.prepare(sql);
      e = stmt.reader ? { stmt: stmt.raw(true), width: -1, build: () => undefined } : null;
      remember(this.rowCache, sql, e);
    }
    return e;
  }

  private toObject(e: RowStatement, r: readonly unknown[]): unknown {
    // A schema change re-prepares the statement inside SQLite (a migration that adds a column to a
    // `SELECT *`): the builder follows its columns.
    if (r.length !== e.width) {
      e.build = rowBuilder(e.stmt.columns().map((c) => c.name));
      e.width = r.length;
    }
    return e.build(r);
  }

  /** Like `get`, with the row object made by the statement's compiled builder. */
  rowGet<T>(sql: string, params: Params = []): T | undefined {
    const e = this.rowStmt(sql);
    if (!e) return this.get<T>(sql, params);
    this.countRun(e.stmt);
    const r = this.timed(() => e.stmt.get(params as unknown[]) as unknown[] | undefined);
    return r === undefined ? undefined : (this.toObject(e, r) as T);
  }

  /** Like `all`, with the row objects made by the statement's compiled builder. */
  rowAll<T>(sql: string, params: Params = []): T[] {
    const e = this.rowStmt(sql);
    if (!e) return this.all<T>(sql, params);
    this.countRun(e.stmt);
    const rows = this.timed(() => e.stmt.all(params as unknown[]) as unknown[][]);
    return rows.map((r) => this.toObject(e, r) as T);
  }

  private countRun(s: Statement): void {
    this.counts.statements++;
    if (!s.readonly) this.counts.writes++;
  }

  /** The cached statement, counted as one data statement about to run. */
  counted(sql: string): Statement {
    const s = this.stmt(sql);
    this.countRun(s);
    return s;
  }

  get<T>(sql: string, params: Params = []): T | undefined {
    const s = this.counted(sql);
    return this.timed(() => s.get(params as unknown[]) as T | undefined);
  }

  all<T>(sql: string, params: Params = []): T[] {
    const s = this.counted(sql);
    return this.timed(() => s.all(params as unknown[]) as T[]);
  }

  run(sql: string, params: Params = []): SqliteDatabase.RunResult {
    const s = this.counted(sql);
    return this.timed(() => s.run(params as unknown[]));
  }

  /** Transaction control, counted apart. */
  control(sql: string): void {
    this.counts.control++;
    this.stmt(sql).run([]);
  }

  get inTransaction(): boolean {
    return this.raw.inTransaction;
  }

  close(): void {
    this.cache.clear();
    this.rowCache.clear();
    this.raw.close();
  }
}
