/**
 * Visitor sockets that have not said hello yet, counted per client IP. A socket costs almost
 * nothing until it authenticates, so without a cap one IP could hold thousands open (the
 * connect rate alone allows ~3,600 an hour); with it, the next upgrade is refused with 429.
 */
export class HelloGate {
  private readonly waiting = new Map<string, number>();

  constructor(private readonly perIp: number) {}

  /** Counts one more waiting socket for `ip`; false (and nothing counted) when at the cap. */
  admit(ip: string): boolean {
    const n = this.waiting.get(ip) ?? 0;
    if (this.perIp > 0 && n >= this.perIp) return false;
    this.waiting.set(ip, n + 1);
    return true;
  }

  /** The socket said hello or closed. */
  release(ip: string): void {
    const n = (this.waiting.get(ip) ?? 0) - 1;
    if (n > 0) this.waiting.set(ip, n);
    else this.waiting.delete(ip);
  }

  count(ip: string): number {
    return this.waiting.get(ip) ?? 0;
  }
}
