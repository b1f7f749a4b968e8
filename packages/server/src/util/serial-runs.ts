/** setTimeout's largest delay: a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** When the worker has nothing more to do now: its next due time (null: none) and the clock. */
export interface WakeAt {
  next: () => Promise<number | null>;
  now: () => number;
}

/**
 * One run at a time for a background worker (channel outbox, webhook outbox): a kick during a run
 * makes exactly one more run after it; stop() refuses new runs, clears the wake-up timer and waits
 * for the current one. With `wake`, each idle moment arms one timer for the earliest due row, so
 * retries happen without polling.
 */
export class SerialRuns {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  stopped = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly wake?: WakeAt,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.run()
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        } else this.arm();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    await this.running;
  }

  private arm(): void {
    const wake = this.wake;
    if (!wake || this.stopped) return;
    wake.next().then((at) => {
      this.clear();
      if (at === null || this.stopped) return;
      this.timer = setTimeout(() => this.kick(), Math.min(MAX_TIMER_MS, Math.max(0, at - wake.now())));
      this.timer.unref();
    }, this.onError);
  }

  private clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
