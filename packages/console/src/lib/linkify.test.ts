import { describe, expect, it } from 'vitest';
import { linkify } from './linkify';

describe('linkify', () => {
  it('links http(s) URLs and keeps the rest as text', () => {
    expect(linkify('see https://example.com/a?b=1, ok')).toEqual([
      { text: 'see ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', ok' },
    ]);
  });
  it('never links other schemes', () => {
    expect(linkify('javascript:alert(1) data:text/html,x')).toEqual([{ text: 'javascript:alert(1) data:text/html,x' }]);
  });
  it('keeps markup as text', () => {
    const parts = linkify('<img src=x onerror=alert(1)> http://a.test/"><script>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> ' });
    expect(parts[1]).toEqual({ text: 'http://a.test/', href: 'http://a.test/' });
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> http://a.test/"><script>');
  });
  it('handles text without links', () => {
    expect(linkify('')).toEqual([]);
    expect(linkify('plain')).toEqual([{ text: 'plain' }]);
  });
});
