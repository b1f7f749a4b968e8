/**
 * Token buckets: `capacity` tokens, refilled continuously at `perSecond`. A request takes one
 * token or is refused; nothing is queued, so a refused message is simply not stored and the
 * client resends it later with the same clientId.
 */
export interface BucketRule {
  capacity: number;
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private updated: number;
  constructor(
    private readonly rule: BucketRule,
    now: number,
  ) {
    this.tokens = rule.capacity;
    this.updated = now;
  }
  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updated) / 1000;
    this.tokens = Math.min(this.rule.capacity, this.tokens + elapsed * this.rule.perSecond);
    this.updated = now;
  }
  take(now: number, cost = 1): boolean {
    this.refill(now);
    if (this.tokens >= cost) {
      this.tokens -= cost;
      return true;
    }
    return false;
  }
  /** Milliseconds until `cost` tokens are available. */
  waitMs(now: number, cost = 1): number {
    this.refill(now);
    if (this.tokens >= cost) return 0;
    return this.rule.perSecond > 0 ? Math.ceil(((cost - this.tokens) / this.rule.perSecond) * 1000) : Infinity;
  }
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.rule.capacity;
  }
}

/** One bucket per key (IP, visitor). Full buckets are dropped on sweep so memory follows activity. */
export class BucketMap {
  private readonly buckets = new Map<string, TokenBucket>();
  constructor(
    readonly rule: BucketRule,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, cost = 1): boolean {
    if (!(this.rule.capacity > 0)) return true; // capacity 0 or less disables the limit
    let b = this.buckets.get(key);
    if (!b) {
      b = new TokenBucket(this.rule, this.now());
      this.buckets.set(key, b);
    }
    return b.take(this.now(), cost);
  }
  retryAfterMs(key: string, cost = 1): number {
    const b = this.buckets.get(key);
    return b ? b.waitMs(this.now(), cost) : 0;
  }
  sweep(): void {
    const now = this.now();
    for (const [k, b] of this.buckets) if (b.isFull(now)) this.buckets.delete(k);
  }
  get size(): number {
    return this.buckets.size;
  }
}
