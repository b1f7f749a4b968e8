import { describe, expect, it } from 'vitest';
import { BucketMap, TokenBucket } from './rate-limit';

describe('TokenBucket', () => {
  it('allows a burst of capacity, then refills at the rate', () => {
    const b = new TokenBucket({ capacity: 3, perSecond: 2 }, 0);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([true, true, true, false]);
    expect(b.waitMs(0)).toBe(500);
    expect(b.take(499)).toBe(false);
    expect(b.take(500)).toBe(true);
    expect(b.take(2000)).toBe(true);
    // Never more than capacity, however long the pause.
    expect([b.take(100_000), b.take(100_000), b.take(100_000), b.take(100_000)]).toEqual([true, true, true, false]);
  });
  it('a zero rate never refills', () => {
    const b = new TokenBucket({ capacity: 1, perSecond: 0 }, 0);
    expect(b.take(0)).toBe(true);
    expect(b.take(1e9)).toBe(false);
    expect(b.waitMs(0)).toBe(Infinity);
  });
});

describe('BucketMap', () => {
  it('keeps one bucket per key and drops full ones on sweep', () => {
    let now = 0;
    const m = new BucketMap({ capacity: 2, perSecond: 1 }, () => now);
    expect([m.take('a'), m.take('a'), m.take('a')]).toEqual([true, true, false]);
    expect(m.take('b')).toBe(true);
    expect(m.size).toBe(2);
    now = 10_000;
    m.sweep();
    expect(m.size).toBe(0);
    expect(m.take('a')).toBe(true);
  });
  it('capacity 0 disables the limit', () => {
    const m = new BucketMap({ capacity: 0, perSecond: 0 });
    for (let i = 0; i < 100; i++) expect(m.take('x')).toBe(true);
  });
});
