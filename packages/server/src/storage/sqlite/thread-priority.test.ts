import { platform } from 'node:os';
import { describe, expect, it } from 'vitest';
import { chargedCpuMs, threadCpuMs } from './thread-priority';

describe('the CPU a read worker charges for an answer', () => {
  it('is the thread CPU used since its last answer where there is a per-thread clock', () => {
    expect(chargedCpuMs(100, 112.5, 40)).toBe(12.5);
  });

  it("is the job's own wall time without one, not the time since the last answer (idle between searches)", () => {
    expect(chargedCpuMs(null, null, 7)).toBe(7);
    expect(chargedCpuMs(100, null, 7)).toBe(7);
  });

  it.runIf(platform() === 'linux')('reads a per-thread clock on Linux that never goes back', () => {
    const a = threadCpuMs();
    let x = 0;
    for (let i = 0; i < 1e6; i++) x += i;
    const b = threadCpuMs();
    expect(x).toBeGreaterThan(0);
    expect(a).not.toBeNull();
    expect(b as number).toBeGreaterThanOrEqual(a as number);
  });
});
