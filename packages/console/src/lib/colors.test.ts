import { describe, expect, it } from 'vitest';
import { readableOn } from './colors';

describe('readableOn', () => {
  it('picks black on light colours and white on dark ones', () => {
    expect(readableOn('#ffffff')).toBe('#000000');
    expect(readableOn('#ffd43b')).toBe('#000000');
    expect(readableOn('#1c2232')).toBe('#ffffff');
    expect(readableOn('#c62f3a')).toBe('#ffffff');
    expect(readableOn('bad')).toBe('#000000');
  });
});
