/**
 * One run at a time for a background worker (channel outbox, webhook outbox): a kick during a run
 * makes exactly one more run after it; stop() refuses new runs and waits for the current one.
 */
export class SerialRuns {
  private running: Promise<void> | null = null;
  private again = false;
  stopped = false;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly onError: (err: unknown) => void,
    private readonly idle?: () => void,
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
        } else this.idle?.();
      });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
