import type { SqlExec, Tx } from '../sql';
import { JobQueue, undoJob as undo, undoJobs, type Job, type Outcome } from '../job-queue';
import type { ConnectionLock, SqliteConn } from './connection';

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
export class GroupCommit extends JobQueue {
  private current: Job | null = null;
  private readonly tx: Tx;
  private readonly maxJobs: number;
  private readonly maxMs: number;
  private readonly afterCommit: ((jobs: number) => Promise<void>) | undefined;
  /** Set when durability failed: every later write is refused until a restart. */
  private broken: Error | null = null;

  constructor(
    private readonly conn: SqliteConn,
    private readonly lock: ConnectionLock,
    exec: SqlExec,
    opts: GroupCommitOptions = {},
  ) {
    super();
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
      // One job at a time here: each runs alone already.
      exclusive: () => Promise.resolve(),
    };
  }

  protected async flush(): Promise<void> {
    this.flushing = true;
    await this.lock.acquire();
    let batch: Job[] = [];
    let outcomes: Outcome[];
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
    this.settle(batch, outcomes);
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
    undoJobs(batch);
  }
}
