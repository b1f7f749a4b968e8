import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOOP_WINDOW_MS, ReadGate, defaultReadShare } from './read-gate';

/** A gate over jobs that finish when the test says, each having used the CPU ms it says. */
function setup(opts: { slots?: number; share?: number | null; burstMs?: number; busy?: boolean } = {}) {
  const started: string[] = [];
  const finish = new Map<string, (cpuMs: number) => void>();
  const fail = new Map<string, () => void>();
  const state = { busy: opts.busy ?? true };
  const gate = new ReadGate<string>(
    {
      slots: opts.slots ?? 1,
      share: opts.share === undefined ? 0.25 : opts.share,
      burstMs: opts.burstMs ?? 10,
      loopBusy: () => state.busy,
      now: () => Date.now(),
    },
    (job) =>
      new Promise<number>((resolve, reject) => {
        started.push(job);
        finish.set(job, resolve);
        fail.set(job, () => reject(new Error(job)));
      }),
  );
  /** Lets job `j` end having used `cpuMs`, and the gate react. */
  const end = async (j: string, cpuMs: number) => {
    finish.get(j)?.(cpuMs);
    await vi.advanceTimersByTimeAsync(0);
  };
  return { gate, started, end, fail, state };
}

describe('ReadGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses a job past maxWaiting and never starts it', async () => {
    const started: string[] = [];
    const done = new Map<string, () => void>();
    const gate = new ReadGate<string>({ slots: 1, share: null, burstMs: 10, loopBusy: () => false, maxWaiting: 1 }, (job) => {
      started.push(job);
      return new Promise<number>((resolve) => done.set(job, () => resolve(1)));
    });
    expect([gate.submit('a'), gate.submit('b'), gate.submit('c')]).toEqual([true, true, false]);
    done.get('a')?.();
    await vi.advanceTimersByTimeAsync(0);
    done.get('b')?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a', 'b']);
    expect(gate.submit('d')).toBe(true);
    expect(started).toEqual(['a', 'b', 'd']);
  });

  it('runs one job per slot, first come first served', async () => {
    const { gate, started, end } = setup({ slots: 2, share: null });
    for (const j of ['a', 'b', 'c', 'd']) gate.submit(j);
    expect(started).toEqual(['a', 'b']);
    expect(gate.waiting).toBe(2);
    await end('b', 1);
    expect(started).toEqual(['a', 'b', 'c']);
    await end('a', 1);
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    expect(gate.waiting).toBe(0);
  });

  it('while the event loop is busy, holds the next job until the CPU spent beyond the burst is paid back at the share', async () => {
    const { gate, started, end } = setup({ share: 0.25, burstMs: 10 });
    gate.submit('a');
    gate.submit('b');
    gate.submit('c');
    // 15 ms of CPU against a 10 ms burst: 5 ms of debt, paid back at 0.25 ms a ms = 20 ms.
    await end('a', 15);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(19);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a', 'b']);
    // Refilled meanwhile (up to the burst), and within it: the next starts at once.
    await vi.advanceTimersByTimeAsync(100);
    await end('b', 5);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('does not hold jobs while the event loop is not busy, and lets them go once it quietens', async () => {
    const { gate, started, end, state } = setup({ share: 0.25, burstMs: 10 });
    state.busy = false;
    gate.submit('a');
    gate.submit('b');
    await end('a', 1000);
    expect(started).toEqual(['a', 'b']);
    // Busy again: the debt (at most one burst) holds the next job...
    state.busy = true;
    gate.submit('c');
    await end('b', 1000);
    expect(started).toEqual(['a', 'b']);
    // ...until the loop quietens, looked at again within one window.
    state.busy = false;
    await vi.advanceTimersByTimeAsync(LOOP_WINDOW_MS);
    expect(started).toEqual(['a', 'b', 'c']);
  });

  it('caps the debt of one long job at one burst', async () => {
    const { gate, started, end } = setup({ share: 0.5, burstMs: 10 });
    gate.submit('a');
    gate.submit('b');
    await end('a', 10_000);
    // 10 ms of debt at 0.5: 20 ms, not 20 s.
    await vi.advanceTimersByTimeAsync(19);
    expect(started).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toEqual(['a', 'b']);
  });

  it('frees the slot of a job that failed, and hands back what still waits when drained', async () => {
    const { gate, started, fail } = setup({ share: null });
    gate.submit('a');
    gate.submit('b');
    gate.submit('c');
    fail.get('a')?.();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toEqual(['a', 'b']);
    expect(gate.drain()).toEqual(['c']);
    expect(gate.waiting).toBe(0);
  });

  it('caps the read workers by default only where they would share a core with the event loop', () => {
    expect(defaultReadShare(1, 2)).toBe(0.25);
    expect(defaultReadShare(2, 3)).toBe(0.25);
    expect(defaultReadShare(1, 4)).toBeNull();
  });
});
