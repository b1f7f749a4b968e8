import { describe, expect, it } from 'vitest';
import { ftsQuery } from './search';

describe('ftsQuery', () => {
  it('makes every word a phrase of its tokens, all required, the last one a prefix', () => {
    expect(ftsQuery('refund order')).toBe('"refund" "order"*');
    expect(ftsQuery('ivan@example.com')).toBe('"ivan example com"*');
    expect(ftsQuery('  Доставк  ')).toBe('"Доставк"*');
    expect(ftsQuery('ORD-48213')).toBe('"ORD 48213"*');
  });

  it('never lets FTS5 syntax through, and has nothing to search in punctuation alone', () => {
    expect(ftsQuery('a" OR b* NEAR(c, d) -e ^f')).toBe('"a" "OR" "b" "NEAR c" "d" "e" "f"');
    expect(ftsQuery('"*()^:')).toBeNull();
    expect(ftsQuery('')).toBeNull();
  });

  it('does not make a one-letter prefix (it would match much of the vocabulary)', () => {
    expect(ftsQuery('Ivan P')).toBe('"Ivan" "P"');
  });

  it('caps the number of terms', () => {
    const q = ftsQuery(Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ')) ?? '';
    expect(q.split(' ')).toHaveLength(12);
  });
});
