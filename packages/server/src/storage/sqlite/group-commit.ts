import type { SqlExec, Tx } from '../sql';
import type { ConnectionLock, SqliteConn } from './connection';

interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  undo: (() => void)[];
}

type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

export interface GroupCommitOptions {
  /** Most jobs in one transaction. */
  maxJobs?: number;
  /** Stop adding jobs to a transaction after this long, so one commit never holds the loop long. */
  maxMs?: number;
  /**
   * Makes a commit durable, off the event loop (an fdatasync of the WAL); jobs settle only after
   * it. The lock is held until then, so nothing on this connection sees writes not yet durable.
   */
  afterCommit?: ((jobs: number) => Promise<void>) | undefined;
}

/**
 * Group commit on one SQLite connection. Writes submitted while a transaction is being written
 * (everything that arrives during a commit, and whatever the same turn of the event loop
 * produced) go into the next transaction together: BEGIN, every job in submission order, one
 * COMMIT (one fsync), then each job's promise settles in order, so an ack is sent right after
 * the commit that holds its message.
 *
 * Jobs run their statements without savepoints. A job that fails before writing anything just
 * fails; one that fails after writing rolls the transaction back and the group runs again with
 * a savepoint around each job (jobs may run twice, so they keep side effects to `tx.onRollback`
 * undo-able state). A job must touch the database only through its `tx`: the connection lock is
 * held meanwhile, so anything else that needs it would wait for ever.
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private flushing = false;
  private current: Job | null = null;
  private readonly tx: Tx;
  private readonly maxJobs: number;
  private readonly maxMs: number;
  private readonly afterCommit: ((jobs: number) => Promise<void>) | undefined;
  private drained: (() => void)[] = [];
  /** Set when durability failed: every later write is refused until a restart. */
  private broken: Error | null = null;
  readonly stats = { transactions: 0, jobs: 0, largest: 0, reruns: 0 };

  constructor(
    private readonly conn: SqliteConn,
    private readonly lock: ConnectionLock,
    exec: SqlExec,
    opts: GroupCommitOptions = {},
  ) {
    this.maxJobs = opts.maxJobs ?? 2000;
    this.maxMs = opts.maxMs ?? 25;
    this.afterCommit = opts.afterCommit;
    this.tx = {
      get: exec.get,
      all: exec.all,
      run: exec.run,
      onRollback: (fn) => {
        this.current?.undo.push(fn);
      },
    };
  }

  submit<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, undo: [] });
      this.schedule();
    });
  }

  /** Resolves once every job submitted so far has settled. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((r) => this.drained.push(r));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    // setImmediate: after the I/O callbacks of this turn, so everything that arrived with them joins.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    await this.lock.acquire();
    let batch: Job[] = [];
    let outcomes: Outcome[] = [];
    this.committed = false;
    const writes = this.conn.counts.writes;
    try {
      batch = this.queue.splice(0, this.maxJobs);
      if (this.broken) throw this.broken;
      outcomes = await this.fast(batch);
      if (outcomes.length < batch.length) {
        // Stopped early (time budget): the rest go first into the next transaction.
        this.queue.unshift(...batch.splice(outcomes.length));
      }
      if (this.afterCommit && this.committed && this.conn.counts.writes !== writes) {
        try {
          await this.afterCommit(batch.length);
        } catch (err) {
          // Committed but not known to be durable: nobody is told it is stored, and after a failed
          // fsync nothing later can be trusted to be either (the kernel may have dropped the pages).
          this.broken = err instanceof Error ? err : new Error(String(err));
          outcomes = batch.map(() => ({ ok: false, err }));
        }
      }
    } catch (err) {
      outcomes = batch.map(() => ({ ok: false, err }));
    } finally {
      this.lock.release();
      this.flushing = false;
    }
    this.stats.transactions++;
    this.stats.jobs += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    batch.forEach((job, i) => {
      const o = outcomes[i] as Outcome;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.err);
    });
    if (this.queue.length > 0) this.schedule();
    else if (this.drained.length > 0) for (const r of this.drained.splice(0)) r();
  }

  /** Every job without savepoints; on a failure after a write, the careful way instead. */
  private async fast(batch: Job[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    const started = performance.now();
    this.conn.control('BEGIN IMMEDIATE');
    for (const job of batch) {
      if (out.length > 0 && performance.now() - started > this.maxMs) break;
      job.undo = [];
      this.current = job;
      const writes = this.conn.counts.writes;
      try {
        out.push({ ok: true, value: await job.fn(this.tx) });
      } catch (err) {
        if (this.conn.counts.writes !== writes) {
          this.current = null;
          this.rollback(batch.slice(0, out.length + 1));
          this.stats.reruns++;
          return this.careful(batch.slice(0, out.length + 1));
        }
        out.push({ ok: false, err });
      }
    }
    this.current = null;
    return this.commit(batch.slice(0, out.length), out);
  }

  /** A savepoint around each job: a failing job takes back only its own writes. */
  private async careful(batch: Job[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    this.conn.control('BEGIN IMMEDIATE');
    for (const job of batch) {
      job.undo = [];
      this.current = job;
      this.conn.control('SAVEPOINT job');
      try {
        out.push({ ok: true, value: await job.fn(this.tx) });
        this.conn.control('RELEASE job');
      } catch (err) {
        this.conn.control('ROLLBACK TO job');
        this.conn.control('RELEASE job');
        undo(job);
        out.push({ ok: false, err });
      }
    }
    this.current = null;
    return this.commit(batch, out);
  }

  /** Whether the last group committed (a sync is due). */
  private committed = false;

  private commit(batch: Job[], out: Outcome[]): Outcome[] {
    this.committed = false;
    try {
      this.conn.control('COMMIT');
      this.committed = true;
      return out;
    } catch (err) {
      this.rollback(batch);
      return batch.map(() => ({ ok: false, err }));
    }
  }

  private rollback(batch: Job[]): void {
    if (this.conn.inTransaction) this.conn.control('ROLLBACK');
    for (let i = batch.length - 1; i >= 0; i--) undo(batch[i] as Job);
  }
}

function undo(job: Job): void {
  for (let i = job.undo.length - 1; i >= 0; i--) (job.undo[i] as () => void)();
  job.undo = [];
}
