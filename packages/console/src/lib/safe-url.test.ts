import { describe, expect, it } from 'vitest';
import { safeDownload, safeHref } from './safe-url';

describe('safeHref', () => {
  it('keeps http and https URLs', () => {
    expect(safeHref('https://shop.example.com/a?b=1')).toBe('https://shop.example.com/a?b=1');
    expect(safeHref('http://x.test')).toBe('http://x.test/');
  });
  it('refuses script, data and relative URLs', () => {
    for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'data:text/html,<b>', '/relative', 'vbscript:x', '', null, undefined]) {
      expect(safeHref(bad as string)).toBeNull();
    }
  });
});

describe('safeDownload', () => {
  it('resolves server paths against the origin and refuses other schemes', () => {
    expect(safeDownload('/api/v1/files/f1?sig=a', 'http://localhost:3000')).toBe('http://localhost:3000/api/v1/files/f1?sig=a');
    expect(safeDownload('javascript:alert(1)', 'http://localhost:3000')).toBeNull();
  });
});
