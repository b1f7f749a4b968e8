import type { Pool, PoolClient } from 'pg';
import type { Tx } from '../sql';
import { JobQueue, undoJob as undo, undoJobs, type Job, type Outcome } from '../job-queue';
import type { WriteGroupTiming } from '../../services/metrics';
import { pgExec } from './exec';

/** SQLSTATEs after which the whole transaction may simply run again: deadlock, serialization. */
const RETRY_GROUP = new Set(['40P01', '40001']);
const GROUP_TRIES = 4;

export interface PgGroupCommitOptions {
  maxJobs?: number;
  /** Stop adding jobs to a transaction after this long. */
  maxMs?: number;
  onStatement?: () => void;
  onControl?: () => void;
  /** Each statement's duration (metrics). */
  onQuery?: ((ms: number) => void) | undefined;
  /** Each group's timing: its jobs' waits, its connect, statements and commit (metrics). */
  onGroup?: ((g: WriteGroupTiming) => void) | undefined;
}

/**
 * Group commit on PostgreSQL: the jobs submitted while a transaction is being written go into
 * the next one together, in order, on one pooled connection (one COMMIT, one WAL flush), and
 * each settles right after that commit, like SQLite's (storage/sqlite/group-commit.ts).
 *
 * PostgreSQL aborts a whole transaction at a failed statement, so a job whose statement failed
 * (or that failed after writing) makes the group run again with a savepoint around each job,
 * which then takes back only its own writes. Per-dialog seqs are reserved by
 * `UPDATE dialogs SET last_seq = last_seq + n ... RETURNING`, whose row lock makes writers on
 * other nodes wait for this commit, so seqs stay gap-free; two groups that lock the same
 * dialogs in opposite orders are a deadlock PostgreSQL breaks by failing one: that group runs
 * again (jobs may run more than once, so they keep side effects to `tx.onRollback`).
 */
export class PgGroupCommit extends JobQueue {
  private current: Job | null = null;
  private readonly maxJobs: number;
  private readonly maxMs: number;

  constructor(
    private readonly pool: Pool,
    private readonly opts: PgGroupCommitOptions = {},
  ) {
    super();
    this.maxJobs = opts.maxJobs ?? 1000;
    this.maxMs = opts.maxMs ?? 25;
  }

  protected async flush(): Promise<void> {
    this.flushing = true;
    const batch = this.queue.splice(0, this.maxJobs);
    let outcomes: Outcome[];
    let client: PoolClient | null = null;
    const start = performance.now();
    let connected = start;
    this.committing = 0;
    try {
      client = await this.pool.connect();
      connected = performance.now();
      outcomes = await this.runGroup(client, batch);
      if (outcomes.length < batch.length) this.queue.unshift(...batch.splice(outcomes.length));
    } catch (err) {
      outcomes = batch.map(() => ({ ok: false, err }));
    } finally {
      // A connection that failed mid-transaction is not given back to others.
      client?.release(this.brokenClient);
      this.brokenClient = undefined;
      this.flushing = false;
    }
    if (this.opts.onGroup) {
      const end = performance.now();
      const committing = this.committing || end;
      this.opts.onGroup({ waits: batch.map((j) => start - j.at), connect: connected - start, jobs: committing - connected, commit: end - committing });
    }
    this.settle(batch, outcomes);
  }

  private brokenClient: Error | undefined;
  /** When this group's last COMMIT was sent (0: none yet), for `onGroup`. */
  private committing = 0;

  private async runGroup(client: PoolClient, batch: Job[]): Promise<Outcome[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.fast(client, batch);
      } catch (err) {
        if (isGroupRetry(err) && attempt < GROUP_TRIES) {
          this.stats.reruns++;
          continue;
        }
        throw err;
      }
    }
  }

  private async control(client: PoolClient, sql: string): Promise<void> {
    this.opts.onControl?.();
    await client.query(sql);
  }

  /** Every job without savepoints; on a failure after a write or of a statement, the careful way. */
  private async fast(client: PoolClient, batch: Job[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    const track = { writes: 0, failed: false };
    const tx = this.tx(client, track);
    await this.begin(client);
    const started = performance.now();
    for (const job of batch) {
      if (out.length > 0 && performance.now() - started > this.maxMs) break;
      job.undo = [];
      this.current = job;
      const writes = track.writes;
      track.failed = false;
      try {
        out.push({ ok: true, value: await job.fn(tx) });
      } catch (err) {
        this.current = null;
        if (isGroupRetry(err)) {
          await this.rollback(client, batch.slice(0, out.length + 1));
          throw err;
        }
        if (track.failed || track.writes !== writes) {
          await this.rollback(client, batch.slice(0, out.length + 1));
          this.stats.reruns++;
          return this.careful(client, batch.slice(0, out.length + 1));
        }
        out.push({ ok: false, err });
      }
    }
    this.current = null;
    return this.commit(client, batch.slice(0, out.length), out);
  }

  /** A savepoint around each job: a failing job takes back only its own writes. */
  private async careful(client: PoolClient, batch: Job[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    const tx = this.tx(client, { writes: 0, failed: false });
    await this.begin(client);
    for (const job of batch) {
      job.undo = [];
      this.current = job;
      await this.control(client, 'SAVEPOINT job');
      try {
        out.push({ ok: true, value: await job.fn(tx) });
        await this.control(client, 'RELEASE SAVEPOINT job');
      } catch (err) {
        if (isGroupRetry(err)) {
          this.current = null;
          await this.rollback(client, batch.slice(0, out.length + 1));
          throw err;
        }
        await this.control(client, 'ROLLBACK TO SAVEPOINT job');
        await this.control(client, 'RELEASE SAVEPOINT job');
        undo(job);
        out.push({ ok: false, err });
      }
    }
    this.current = null;
    return this.commit(client, batch, out);
  }

  private async begin(client: PoolClient): Promise<void> {
    await this.control(client, 'BEGIN');
  }

  private async commit(client: PoolClient, batch: Job[], out: Outcome[]): Promise<Outcome[]> {
    try {
      this.committing = performance.now();
      await this.control(client, 'COMMIT');
      return out;
    } catch (err) {
      if (isGroupRetry(err)) {
        undoJobs(batch);
        throw err;
      }
      // The outcome of a COMMIT whose answer was lost is unknown: nobody is told it is stored
      // (a client resends with the same id, which finds the message if it was).
      this.brokenClient = err instanceof Error ? err : new Error(String(err));
      undoJobs(batch);
      return batch.map(() => ({ ok: false, err }));
    }
  }

  private async rollback(client: PoolClient, batch: Job[]): Promise<void> {
    try {
      await this.control(client, 'ROLLBACK');
    } catch (err) {
      this.brokenClient = err instanceof Error ? err : new Error(String(err));
      throw err;
    } finally {
      undoJobs(batch);
    }
  }

  /** The jobs' view of the transaction: counts writes and failed statements of the current job. */
  private tx(client: PoolClient, track: { writes: number; failed: boolean }): Tx {
    const exec = pgExec(client, this.opts.onStatement, this.opts.onQuery, true);
    const wrap =
      <A extends unknown[], R>(f: (sql: string, ...a: A) => Promise<R>) =>
      async (sql: string, ...a: A): Promise<R> => {
        if (!/^\s*(SELECT|WITH)\b/i.test(sql)) track.writes++;
        try {
          return await f(sql, ...a);
        } catch (err) {
          track.failed = true;
          throw err;
        }
      };
    return {
      get: wrap(exec.get) as Tx['get'],
      all: wrap(exec.all) as Tx['all'],
      run: wrap(exec.run),
      onRollback: (fn) => {
        this.current?.undo.push(fn);
      },
    };
  }
}

function isGroupRetry(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_GROUP.has(code);
}
