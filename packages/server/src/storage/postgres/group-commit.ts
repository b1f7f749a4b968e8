import type { Pool, PoolClient } from 'pg';
import type { Tx } from '../sql';
import { JobQueue, undoJob as undo, undoJobs, type Job, type Outcome } from '../job-queue';
import type { WriteGroupTiming } from '../../services/metrics';
import { pgExec, type PgQueryable } from './exec';

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

/** Thrown by `tx.exclusive()` in a job that ran beside others: it runs again, alone, later in the group. */
class RunAlone extends Error {}

/** What a job did on the connection, to tell a failure that spoilt the transaction from one that did not. */
interface Track {
  /** Statements other than SELECT sent, and rows they changed. */
  writes: number;
  changed: number;
  failed: boolean;
}

/**
 * Group commit on PostgreSQL: the jobs submitted while a transaction is being written go into
 * the next one together, on one pooled connection (one COMMIT, one WAL flush), and each settles
 * right after that commit, like SQLite's (storage/sqlite/group-commit.ts).
 *
 * Keyed jobs (`submit(fn, key)`) run at once on a connection in pipeline mode: their statements
 * go out without waiting for each other's answers, so a group of a hundred messages costs a few
 * round trips, not three hundred (each of which waits for a turn of a busy event loop). Jobs of
 * one key run one after the other, in order; a job without a key waits for everything before it
 * and runs alone; a keyed job that leaves its common path calls `tx.exclusive()` before it writes
 * anything, and runs again, alone, after the others (before the next job without a key). Jobs of
 * different keys touch different rows but may run in any order among themselves. Without
 * pipeline mode (a plain pool) every job runs alone, in order.
 *
 * PostgreSQL aborts a whole transaction at a failed statement, so a job whose statement failed
 * (or that failed after writing) makes the group run again one job at a time with a savepoint
 * around each, which then takes back only its own writes. Per-dialog seqs are reserved by
 * `UPDATE dialogs SET last_seq = last_seq + n ... RETURNING`, whose row lock makes writers on
 * other nodes wait for this commit, so seqs stay gap-free; two groups that lock the same
 * dialogs in opposite orders are a deadlock PostgreSQL breaks by failing one: that group runs
 * again (jobs may run more than once, so they keep side effects to `tx.onRollback`).
 */
export class PgGroupCommit extends JobQueue {
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

  /**
   * Every job without savepoints, keyed ones at once; on a failure after a write or of a
   * statement, the careful way. Stops taking jobs after `maxMs` (the rest go to the next group).
   */
  private async fast(client: PoolClient, batch: Job[]): Promise<Outcome[]> {
    const pipelined = (client as { pipeline?: boolean }).pipeline === true;
    const out: Outcome[] = [];
    /** Set by the first job that spoilt the transaction: 'retry' (the group again) or 'careful'. */
    const state: { spoilt: { how: 'retry' | 'careful'; err: unknown } | null } = { spoilt: null };
    const run = async (i: number, alone: boolean): Promise<'done' | 'later'> => {
      const job = batch[i] as Job;
      if (state.spoilt) return 'done';
      job.undo = [];
      const track: Track = { writes: 0, changed: 0, failed: false };
      try {
        out[i] = { ok: true, value: await job.fn(this.tx(client, job, track, alone)) };
      } catch (err) {
        // Nothing changed yet (its contract): it runs again from the start, alone. A job that
        // changed rows first spoils the group, which then runs one job at a time.
        if (err instanceof RunAlone && track.changed === 0) {
          undo(job);
          return 'later';
        }
        if (isGroupRetry(err)) state.spoilt ??= { how: 'retry', err };
        else if (track.failed || track.writes > 0) state.spoilt ??= { how: 'careful', err };
        else out[i] = { ok: false, err };
      }
      return 'done';
    };

    await this.begin(client);
    const started = performance.now();
    /** Keyed jobs running now: the last of each key (the next of that key runs after it). */
    const tails = new Map<string, Promise<'done' | 'later'>>();
    let running: Promise<'done' | 'later'>[] = [];
    /** Keyed jobs that asked to run alone, by index: they run before the next job without a key. */
    const later: number[] = [];
    const settleRunning = async () => {
      const all = running;
      running = [];
      tails.clear();
      await Promise.all(all);
      later.sort((a, b) => a - b);
      for (const i of later.splice(0)) await run(i, true);
    };
    let taken = 0;
    for (; taken < batch.length && !state.spoilt; taken++) {
      if (taken > 0 && performance.now() - started > this.maxMs) break;
      const i = taken;
      const key = pipelined ? batch[i]!.key : undefined;
      if (key === undefined) {
        await settleRunning();
        if (!state.spoilt) await run(i, true);
        continue;
      }
      const before = tails.get(key);
      const p = before ? before.then((b) => (b === 'later' ? 'later' : run(i, false))) : run(i, false);
      const mine = p.then((r) => {
        if (r === 'later') later.push(i);
        return r;
      });
      tails.set(key, mine);
      running.push(mine);
    }
    await settleRunning();

    const jobs = batch.slice(0, taken);
    const spoilt = state.spoilt;
    if (spoilt) {
      await this.rollback(client, jobs);
      if (spoilt.how === 'retry') throw spoilt.err;
      this.stats.reruns++;
      return this.careful(client, jobs);
    }
    return this.commit(client, jobs, out);
  }

  /** One job at a time, a savepoint around each: a failing job takes back only its own writes. */
  private async careful(client: PoolClient, batch: Job[]): Promise<Outcome[]> {
    const out: Outcome[] = [];
    await this.begin(client);
    for (const job of batch) {
      job.undo = [];
      const tx = this.tx(client, job, { writes: 0, changed: 0, failed: false }, true);
      await this.control(client, 'SAVEPOINT job');
      try {
        out.push({ ok: true, value: await job.fn(tx) });
        await this.control(client, 'RELEASE SAVEPOINT job');
      } catch (err) {
        if (isGroupRetry(err)) {
          await this.rollback(client, batch.slice(0, out.length + 1));
          throw err;
        }
        await this.control(client, 'ROLLBACK TO SAVEPOINT job');
        await this.control(client, 'RELEASE SAVEPOINT job');
        undo(job);
        out.push({ ok: false, err });
      }
    }
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

  /** One job's view of the transaction: counts its writes and failed statements. */
  private tx(client: PoolClient, job: Job, track: Track, alone: boolean): Tx {
    const counted: PgQueryable = {
      query: async (q) => {
        const r = await client.query(q);
        if ((r as { command?: string }).command !== 'SELECT') track.changed += r.rowCount ?? 0;
        return r;
      },
    };
    const exec = pgExec(counted, this.opts.onStatement, this.opts.onQuery, true);
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
        job.undo.push(fn);
      },
      exclusive: () => (alone ? Promise.resolve() : Promise.reject(new RunAlone())),
    };
  }
}

function isGroupRetry(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_GROUP.has(code);
}
