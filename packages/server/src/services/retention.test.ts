import { describe, expect, it } from 'vitest';
import { retentionCutoff } from './retention';

describe('retentionCutoff', () => {
  it('is exactly retentionDays before now', () => {
    const now = Date.UTC(2026, 10, 21, 12);
    expect(retentionCutoff(now, 365)).toBe(Date.UTC(2025, 10, 21, 12));
    expect(retentionCutoff(now, 1)).toBe(now - 86_400_000);
  });
});
