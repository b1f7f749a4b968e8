/**
 * Fan-out runs after the writes of a commit have been answered, never before: the ack does not
 * wait for it. `schedule` queues work for the next turn of the event loop (after the acks of the
 * whole group went out), in order; tests may `pause()` it.
 */
export class FanoutQueue {
  private queue: (() => void)[] = [];
  private scheduled = false;
  private paused = false;

  constructor(private readonly onError: (err: unknown) => void) {}

  schedule(fn: () => void): void {
    this.queue.push(fn);
    this.arm();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.arm();
  }

  get pending(): number {
    return this.queue.length;
  }

  private arm(): void {
    if (this.scheduled || this.paused || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.paused) return;
      const list = this.queue;
      this.queue = [];
      for (const fn of list) {
        try {
          fn();
        } catch (err) {
          this.onError(err);
        }
      }
      this.arm();
    });
  }
}
