import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { CustomParamsPatchSchema, mergeCustomParams } from './entities';
import { MAX_CUSTOM_PARAMS } from './limits';

describe('mergeCustomParams', () => {
  it('merges, overwrites and removes with null', () => {
    const a = mergeCustomParams({}, { product: 'Установка окон', office: 'Москва' });
    expect(a).toEqual({ product: 'Установка окон', office: 'Москва' });
    expect(mergeCustomParams(a, { office: 'Казань', plan: 'pro' })).toEqual({ product: 'Установка окон', office: 'Казань', plan: 'pro' });
    expect(mergeCustomParams(a, { office: null })).toEqual({ product: 'Установка окон' });
  });
  it('does not mutate its input', () => {
    const a = { x: '1' };
    mergeCustomParams(a, { x: null });
    expect(a).toEqual({ x: '1' });
  });
  it('keeps the newest keys when the cap would be passed', () => {
    const full = Object.fromEntries(Array.from({ length: MAX_CUSTOM_PARAMS }, (_, i) => [`k${i}`, 'v']));
    const next = mergeCustomParams(full, { extra: 'e' });
    expect(Object.keys(next)).toHaveLength(MAX_CUSTOM_PARAMS);
    expect(next.extra).toBe('e');
    expect(next.k0).toBeUndefined();
  });
  it('schema refuses too many keys, empty keys and non-string values', () => {
    const tooMany = Object.fromEntries(Array.from({ length: MAX_CUSTOM_PARAMS + 1 }, (_, i) => [`k${i}`, 'v']));
    expect(v.safeParse(CustomParamsPatchSchema, tooMany).success).toBe(false);
    expect(v.safeParse(CustomParamsPatchSchema, { '': 'v' }).success).toBe(false);
    expect(v.safeParse(CustomParamsPatchSchema, { n: 5 }).success).toBe(false);
  });
});
