import { describe, expect, it } from 'vitest';
import { TEXT_LINK_SCHEMES, linkify, safeUrl } from './links';

describe('linkify', () => {
  it('turns http, https and mailto into links and leaves the rest as text', () => {
    expect(linkify('See https://example.com/a?b=1, or mail support@x.io via mailto:support@x.io.')).toEqual([
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', or mail support@x.io via ' },
      { text: 'mailto:support@x.io', href: 'mailto:support@x.io' },
      { text: '.' },
    ]);
  });

  it('never links other schemes, and keeps markup as text', () => {
    expect(linkify('javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)>')).toEqual([
      { text: 'javascript:alert(1) data:text/html,<b>x</b> <img src=x onerror=alert(1)>' },
    ]);
    expect(linkify('http://')).toEqual([{ text: 'http://' }]);
    const parts = linkify('<img src=x onerror=alert(1)> http://a.test/"><script>');
    expect(parts[1]).toEqual({ text: 'http://a.test/', href: 'http://a.test/' });
    expect(parts.map((p) => p.text).join('')).toBe('<img src=x onerror=alert(1)> http://a.test/"><script>');
  });

  it('keeps parentheses that belong to the URL and drops sentence punctuation', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      { text: '(' },
      { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { text: ')' },
    ]);
    expect(linkify('go to http://a.example!')).toEqual([{ text: 'go to ' }, { text: 'http://a.example', href: 'http://a.example/' }, { text: '!' }]);
  });

  it('handles text without links', () => {
    expect(linkify('')).toEqual([]);
    expect(linkify('plain')).toEqual([{ text: 'plain' }]);
  });
});

describe('safeUrl', () => {
  it('keeps absolute http and https URLs, normalised', () => {
    expect(safeUrl('https://shop.example.com/a?b=1')).toBe('https://shop.example.com/a?b=1');
    expect(safeUrl('http://x.test')).toBe('http://x.test/');
  });
  it('refuses script, data, relative and non-string input without a base', () => {
    for (const bad of [
      'javascript:alert(1)',
      ' JAVASCRIPT:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<b>',
      '/relative',
      'vbscript:x',
      'not a url',
      '',
      null,
      undefined,
      42,
      'https://x.test/' + 'a'.repeat(4096),
    ]) {
      expect(safeUrl(bad)).toBeNull();
    }
  });
  it('resolves server paths against a base, still refusing other schemes', () => {
    expect(safeUrl('/api/v1/files/f1?sig=a', { base: 'http://localhost:3000' })).toBe('http://localhost:3000/api/v1/files/f1?sig=a');
    expect(safeUrl('javascript:alert(1)', { base: 'http://localhost:3000' })).toBeNull();
  });
  it('allows mailto only when asked (message text)', () => {
    expect(safeUrl('mailto:a@b.co')).toBeNull();
    expect(safeUrl('mailto:a@b.co', { schemes: TEXT_LINK_SCHEMES })).toBe('mailto:a@b.co');
  });
});
