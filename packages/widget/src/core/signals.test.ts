import { describe, expect, it } from 'vitest';
import { batch, computed, effect, signal } from './signals';

describe('signals', () => {
  it('effects run at once and after each change of what they read, not after peeks', () => {
    const a = signal(1);
    const b = signal(10);
    const seen: number[] = [];
    const stop = effect(() => {
      seen.push(a.value + b.peek());
    });
    a.value = 2;
    b.value = 20; // peeked: no run
    a.value = 2; // same value: no run
    a.value = 3;
    stop();
    a.value = 4;
    expect(seen).toEqual([11, 12, 23]);
  });

  it('computeds are lazy, cached, and an equal result wakes nothing', () => {
    const n = signal(1);
    let runs = 0;
    const parity = computed(() => {
      runs++;
      return n.value % 2;
    });
    expect(runs).toBe(0);
    const seen: number[] = [];
    effect(() => {
      seen.push(parity.value);
    });
    n.value = 3; // parity still 1
    n.value = 4;
    expect(seen).toEqual([1, 0]);
    expect(runs).toBe(3);
    expect(parity.peek()).toBe(0);
    expect(runs).toBe(3);
  });

  it('batches wake each effect once, with consistent values (no glitches)', () => {
    const first = signal('a');
    const last = signal('b');
    const full = computed(() => `${first.value} ${last.value}`);
    const seen: string[] = [];
    effect(() => {
      seen.push(`${full.value}|${first.value}`);
    });
    batch(() => {
      first.value = 'x';
      last.value = 'y';
      expect(seen).toHaveLength(1);
    });
    expect(seen).toEqual(['a b|a', 'x y|x']);
  });

  it('drops dependencies no longer read, and runs cleanups before reruns and on dispose', () => {
    const useA = signal(true);
    const a = signal(0);
    const b = signal(0);
    const log: string[] = [];
    const stop = effect(() => {
      const v = useA.value ? `a${a.value}` : `b${b.value}`;
      log.push(v);
      return () => log.push(`-${v}`);
    });
    useA.value = false;
    a.value = 1; // no longer read
    b.value = 1;
    stop();
    expect(log).toEqual(['a0', '-a0', 'b0', '-b0', 'b1', '-b1']);
  });

  it('writes inside effects wake other effects in the same flush', () => {
    const src = signal(1);
    const doubled = signal(0);
    effect(() => {
      doubled.value = src.value * 2;
    });
    const seen: number[] = [];
    effect(() => {
      seen.push(doubled.value);
    });
    src.value = 5;
    expect(seen).toEqual([2, 10]);
  });

  it('a computed that throws rethrows on read and recovers; errors in effects surface after the others ran', () => {
    const n = signal(0);
    const c = computed(() => {
      if (n.value < 0) throw new Error('negative');
      return n.value;
    });
    n.value = -1;
    expect(() => c.value).toThrow('negative');
    n.value = 2;
    expect(c.value).toBe(2);
    const other: number[] = [];
    effect(() => {
      if (n.value === 3) throw new Error('boom');
    });
    effect(() => {
      other.push(n.value);
    });
    expect(() => (n.value = 3)).toThrow('boom');
    expect(other).toEqual([2, 3]);
  });

  it('detects an effect that keeps waking itself', () => {
    const n = signal(0);
    expect(() =>
      effect(() => {
        n.value = n.value + 1;
      }),
    ).toThrow('Cycle detected');
  });
});
