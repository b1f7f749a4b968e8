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

/**
 * One better-sqlite3 connection. Statements are prepared once per SQL text and cached (preparing
 * costs more than running most of our statements), and counted: `statements` are the data
 * statements, `control` the transaction control (BEGIN, COMMIT, SAVEPOINT...), so tests can
 * assert what a request costs.
 */
export class SqliteConn {
  private readonly cache = new Map<string, Statement>();
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
    if (!s) {
      s = this.raw.prepare(sql);
      if (this.cache.size >= CACHE_LIMIT) {
        // Dynamic SQL (IN lists of varying length) must not grow the cache without bound.
        const oldest = this.cache.keys().next().value;
        if (oldest !== undefined) this.cache.delete(oldest);
      }
      this.cache.set(sql, s);
    }
    return s;
  }

  /** The cached statement, counted as one data statement about to run. */
  counted(sql: string): Statement {
    const s = this.stmt(sql);
    this.counts.statements++;
    if (!s.readonly) this.counts.writes++;
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
    this.raw.close();
  }
}
