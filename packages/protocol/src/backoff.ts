/**
 * The one retry rule: exponential from `baseMs`, capped at `capMs`, with 50–100 % jitter so a
 * restarted server (or a platform API coming back) is not hit by every client at once.
 * The console's socket reconnects and the server's channel outbox both use it.
 */
export interface BackoffRule {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffRule = { baseMs: 1000, capMs: 30_000 };

export function backoffDelay(attempt: number, random: () => number = Math.random, rule: BackoffRule = DEFAULT_BACKOFF): number {
  const base = Math.min(rule.capMs, rule.baseMs * 2 ** Math.max(0, Math.min(attempt, 20)));
  return Math.round(base * (0.5 + random() * 0.5));
}
