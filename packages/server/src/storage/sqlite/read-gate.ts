import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

export interface ReadGateOptions {
  /** Reads at once (one per worker). */
  slots: number;
  /**
   * CPU the reads together may use while the event loop is busy, in ms per ms of wall time (0.25:
   * a quarter of one core); null: no cap.
   */
  share: number | null;
  /** CPU ms the reads may run ahead of their share, so an occasional search is never held. */
  burstMs: number;
  /** Whether the event loop is busy now (see loopBusy). */
  loopBusy: () => boolean;
  /** Jobs that may wait at most; past it `submit` refuses (default: unbounded). */
  maxWaiting?: number;
  now?: () => number;
}

/**
 * Admission of the read workers' jobs (read-pool.ts): first come, first served, one job per
 * worker at a time, and, while the event loop is busy, no more CPU than `share` of a core (a
 * budget of CPU ms that refills with time, up to `burstMs`; each job spends what it used). On a
 * 2-core machine five operators searching back to back otherwise kept a worker on a core all the
 * time, and the event loop that acks messages lost a third of its rate: not to the searches' share
 * of the CPU alone (the worker runs at nice 10) but to waiting for a core (scheduler run-queue
 * wait 1% → 18-23% of the time) and slower commits and syncs. Searches wait in this queue
 * instead; while the loop is not busy they run as soon as a worker is free.
 */
export class ReadGate<J> {
  private readonly queue: J[] = [];
  private running = 0;
  private tokens: number;
  private at: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly opts: ReadGateOptions,
    /** Starts a job; resolves with the CPU ms it used (it must settle, also when the job failed). */
    private readonly start: (job: J) => Promise<number>,
  ) {
    this.now = opts.now ?? (() => performance.now());
    this.tokens = opts.burstMs;
    this.at = this.now();
  }

  /** Jobs waiting for a worker or for the budget. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queues a job; false, and the job is not taken, when `maxWaiting` jobs already wait. */
  submit(job: J): boolean {
    if (this.queue.length >= (this.opts.maxWaiting ?? Infinity)) return false;
    this.queue.push(job);
    this.pump();
    return true;
  }

  /** Drops the waiting jobs (the pool is closing) and returns them. */
  drain(): J[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.queue.splice(0);
  }

  private refill(): void {
    const t = this.now();
    if (this.opts.share !== null) this.tokens = Math.min(this.opts.burstMs, this.tokens + (t - this.at) * this.opts.share);
    this.at = t;
  }

  /** Whether the budget lets a job start now; else how long until it may (ms). */
  private wait(): number {
    if (this.opts.share === null) return 0;
    this.refill();
    if (this.tokens >= 0 || !this.opts.loopBusy()) return 0;
    return Math.max(1, -this.tokens / this.opts.share);
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.opts.slots) {
      const ms = this.wait();
      if (ms > 0) {
        // Looked at again then (or when a job ends): the loop may also have quietened meanwhile.
        if (!this.timer) {
          this.timer = setTimeout(
            () => {
              this.timer = null;
              this.pump();
            },
            Math.min(ms, LOOP_WINDOW_MS),
          );
          this.timer.unref?.();
        }
        return;
      }
      const job = this.queue.shift() as J;
      this.running++;
      void this.start(job).then(
        (cpuMs) => this.done(cpuMs),
        () => this.done(0),
      );
    }
  }

  private done(cpuMs: number): void {
    this.running--;
    if (this.opts.share !== null) {
      this.refill();
      // A long job leaves a debt of at most one burst: the reads are slowed, never stopped for long.
      this.tokens = Math.max(-this.opts.burstMs, this.tokens - cpuMs);
    }
    this.pump();
  }
}

/** The event loop's utilization is looked at over windows of this length. */
export const LOOP_WINDOW_MS = 250;
/**
 * Utilization at and above which the event loop counts as busy. At 0.5 one operator's searches
 * back to back (each answer's HTTP side counts) were already held: a lone search's p50 went from
 * 5.3 to 6.6-7.4 ms on the bench. Acking 100 senders keeps the thread on a core 78-93% of the time.
 */
export const LOOP_BUSY = 0.75;

/**
 * Whether this thread's event loop was busy (utilization ≥ LOOP_BUSY) over its last full window
 * of LOOP_WINDOW_MS; looked at when asked (no timer of its own).
 */
export function loopBusy(): () => boolean {
  let last = performance.eventLoopUtilization();
  let at = performance.now();
  let busy = false;
  return () => {
    const t = performance.now();
    if (t - at >= LOOP_WINDOW_MS) {
      const next = performance.eventLoopUtilization();
      busy = performance.eventLoopUtilization(next, last).utilization >= LOOP_BUSY;
      last = next;
      at = t;
    }
    return busy;
  };
}

/**
 * The read workers' CPU cap by default: a quarter of a core where the machine has fewer cores than
 * the workers plus two (the event loop and the rest: the WAL's syncs, the checkpointer, GC), so
 * they would take the event loop's core; none where each has one of its own.
 */
export function defaultReadShare(workers: number, cores = availableParallelism()): number | null {
  return cores < workers + 2 ? 0.25 : null;
}
