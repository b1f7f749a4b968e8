/**
 * Reconnect delay: exponential from 1 s, capped at 30 s, with 50–100 % jitter so a restarted
 * server is not hit by every console at once.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 10)));
  return Math.round(base * (0.5 + random() * 0.5));
}
