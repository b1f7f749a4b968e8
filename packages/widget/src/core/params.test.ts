import { describe, expect, it } from 'vitest';
import { mergePatch, parseParams } from './params';

describe('parseParams', () => {
  it('accepts strings and null, and turns numbers and booleans into strings', () => {
    expect(parseParams({ product: 'Установка окон', office: 'Москва', price: 1200, vip: true, old: null })).toEqual({
      ok: true,
      patch: { product: 'Установка окон', office: 'Москва', price: '1200', vip: 'true', old: null },
    });
  });

  it('refuses non-objects, nested values and oversize values', () => {
    expect(parseParams('x')).toEqual({ ok: false, reason: 'setCustomParams() expects an object' });
    expect(parseParams({ a: { b: 1 } })).toEqual({ ok: false, reason: 'setCustomParams(): "a" must be a string, number, boolean or null' });
    const r = parseParams({ a: 'x'.repeat(1001) });
    expect(r.ok).toBe(false);
    expect(parseParams(Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))).ok).toBe(false);
  });
});

describe('mergePatch', () => {
  it('keeps the latest value per key, nulls included', () => {
    expect(mergePatch({ a: '1', b: '2' }, { b: null, c: '3' })).toEqual({ a: '1', b: null, c: '3' });
  });
});
