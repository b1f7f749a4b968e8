import { IdSchema } from '@parley/protocol';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { messageId } from './sortable-id';

describe('message ids', () => {
  it('sort by the time they were made (so a commit writes the id index at one place), and are ids', () => {
    const t = Date.UTC(2026, 10, 29, 12);
    const ids = [t, t + 1, t + 999, t + 86_400_000, t + 10 * 365 * 86_400_000].map((at) => messageId(at));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(v.is(IdSchema, id)).toBe(true);
    const same = Array.from({ length: 1000 }, () => messageId(t));
    expect(new Set(same).size).toBe(1000);
  });
});
