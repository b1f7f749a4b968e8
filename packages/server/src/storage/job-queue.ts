import type { Tx } from './sql';

/** A write job waiting for its group (storage/sqlite/group-commit.ts, storage/postgres/group-commit.ts). */
export interface Job {
  fn: (tx: Tx) => Promise<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** What to take back if its writes are rolled back (`tx.onRollback`). */
  undo: (() => void)[];
  /** Jobs of different keys may run at once (PostgreSQL's group commit); none: it runs alone. */
  key: string | undefined;
  /** When it was submitted (performance.now()): its wait for a group, in the metrics. */
  at: number;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; err: unknown };

/**
 * The queue both group commits share: jobs submitted while a group is being written wait for
 * the next one; a group starts after the I/O callbacks of this turn (setImmediate), so
 * everything that arrived with them joins it. Subclasses write a group in `flush` and call
 * `settle` with each job's outcome.
 */
export abstract class JobQueue {
  protected queue: Job[] = [];
  protected flushing = false;
  private scheduled = false;
  private drained: (() => void)[] = [];
  readonly stats = { transactions: 0, jobs: 0, largest: 0, reruns: 0 };

  submit<T>(fn: (tx: Tx) => Promise<T>, key?: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, undo: [], key, at: performance.now() });
      this.schedule();
    });
  }

  /** Resolves once every job submitted so far has settled. */
  idle(): Promise<void> {
    if (this.queue.length === 0 && !this.flushing) return Promise.resolve();
    return new Promise((r) => this.drained.push(r));
  }

  protected schedule(): void {
    if (this.scheduled || this.flushing || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  protected abstract flush(): Promise<void>;

  /** After a group: counts it, settles each job in order, and starts the next group (or reports idle). */
  protected settle(batch: Job[], outcomes: Outcome[]): void {
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
}

/** Runs a job's rollback handlers, newest first. */
export function undoJob(job: Job): void {
  for (let i = job.undo.length - 1; i >= 0; i--) (job.undo[i] as () => void)();
  job.undo = [];
}

/** Takes back a rolled-back group: every job's handlers, the last job first. */
export function undoJobs(batch: readonly Job[]): void {
  for (let i = batch.length - 1; i >= 0; i--) undoJob(batch[i] as Job);
}
