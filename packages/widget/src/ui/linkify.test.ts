import { describe, expect, it } from 'vitest';
import { linkify, safeHref } from './linkify';

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
  });

  it('keeps parentheses that belong to the URL and drops sentence punctuation', () => {
    expect(linkify('(https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      { text: '(' },
      { text: 'https://en.wikipedia.org/wiki/Foo_(bar)', href: 'https://en.wikipedia.org/wiki/Foo_(bar)' },
      { text: ')' },
    ]);
    expect(linkify('go to http://a.example!')).toEqual([{ text: 'go to ' }, { text: 'http://a.example', href: 'http://a.example/' }, { text: '!' }]);
  });

  it('handles empty text', () => {
    expect(linkify('')).toEqual([]);
  });
});

describe('safeHref', () => {
  it('resolves relative URLs against a base and refuses unsafe schemes', () => {
    expect(safeHref('/api/v1/files/f1?s=x', 'https://chat.example.com')).toBe('https://chat.example.com/api/v1/files/f1?s=x');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:image/png;base64,AAAA')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });
});
