import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { PageFilterSchema, matchesPageRules, pageAllowed, parsePageRules, validatePageRules, type PageRule } from './page-filter';

const m = (rules: string, url: string) => matchesPageRules(rules, url);

describe('parsePageRules', () => {
  it('splits on commas and newlines, trims and drops empties', () => {
    expect(parsePageRules(' /a ,/b\n\n/c\r\n , ,\t/d\t')).toEqual([
      { exclude: false, pattern: '/a' },
      { exclude: false, pattern: '/b' },
      { exclude: false, pattern: '/c' },
      { exclude: false, pattern: '/d' },
    ]);
  });

  it('reads `!` as an exclusion, with or without a space after it', () => {
    expect(parsePageRules('!/a, ! /b')).toEqual([
      { exclude: true, pattern: '/a' },
      { exclude: true, pattern: '/b' },
    ]);
  });

  it('drops a lone `!` and entries that cannot match anything', () => {
    expect(parsePageRules('!, ! ,https://,//')).toEqual([]);
  });

  it.each([
    ['/pricing/', '/pricing'],
    ['/pricing///', '/pricing'],
    ['/', '/'],
    ['/pricing#plans', '/pricing'],
    ['/pricing?', '/pricing'],
    ['/search?q=1#x', '/search?q=1'],
    ['HTTPS://Shop.Example.COM/Pricing/', 'https://shop.example.com/Pricing'],
    ['https://shop.example.com', 'https://shop.example.com/'],
    ['https://shop.example.com:443/a', 'https://shop.example.com/a'],
    ['http://shop.example.com:80/a', 'http://shop.example.com/a'],
    ['https://shop.example.com:80/a', 'https://shop.example.com:80/a'],
    ['http://shop.example.com:8080/a', 'http://shop.example.com:8080/a'],
    ['https://user:pw@shop.example.com./a', 'https://shop.example.com/a'],
    ['Shop.Example.com', 'shop.example.com/'],
    ['shop.example.com:443/a', 'shop.example.com/a'],
    ['//shop.example.com/a', 'shop.example.com/a'],
    ['/%D0%BE%D0%BA%D0%BD%D0%B0', '/окна'],
    ['/a%2Fb%3fc', '/a%2Fb%3Fc'],
    ['*/checkout/', '*/checkout'],
    ['*', '*'],
    ['?utm_source=ads', '*?utm_source=ads'],
    ['xn--80atjc.xn--p1ai/a', 'окна.рф/a'],
    ['https://[::1]:8443/a', 'https://[::1]:8443/a'],
  ])('normalizes %s to %s', (entry, pattern) => {
    expect(parsePageRules(entry)).toEqual([{ exclude: false, pattern }]);
  });

  it('never throws on odd input', () => {
    expect(parsePageRules(undefined as unknown as string)).toEqual([]);
    expect(() => parsePageRules('/%, /%E0%A4%A, /%FF%FE, %%%')).not.toThrow();
  });
});

describe('validatePageRules', () => {
  it('accepts good entries and empty text', () => {
    expect(validatePageRules('')).toEqual({ ok: true });
    expect(validatePageRules('/pricing, !/pricing/old\nshop.example.com/*\nhttps://*.example.com/*, ! /x')).toEqual({
      ok: true,
    });
  });

  it('reports each bad entry with a reason', () => {
    const long = '/' + 'a'.repeat(2048);
    expect(validatePageRules(`!, /ok, !!/a, /my page, https:///x, ${long}, /${'a'.repeat(2047)}`)).toEqual({
      ok: false,
      errors: [
        { entry: '!', reason: 'empty_exclusion' },
        { entry: '!!/a', reason: 'double_exclusion' },
        { entry: '/my page', reason: 'whitespace' },
        { entry: 'https:///x', reason: 'missing_host' },
        { entry: long, reason: 'too_long' },
      ],
    });
  });

  it('flags a tab inside an entry and a missing host after //', () => {
    expect(validatePageRules('/a\tb')).toEqual({ ok: false, errors: [{ entry: '/a\tb', reason: 'whitespace' }] });
    expect(validatePageRules('https://')).toEqual({ ok: false, errors: [{ entry: 'https://', reason: 'missing_host' }] });
    expect(validatePageRules('//')).toEqual({ ok: false, errors: [{ entry: '//', reason: 'missing_host' }] });
  });

  it('never throws on non-string input', () => {
    expect(validatePageRules(null as unknown as string)).toEqual({ ok: true });
  });
});

describe('matchesPageRules: entry kinds', () => {
  const cases: [rules: string, url: string, expected: boolean][] = [
    // full URL
    ['https://shop.example.com/pricing', 'https://shop.example.com/pricing', true],
    ['https://shop.example.com/pricing', 'http://shop.example.com/pricing', false],
    ['https://shop.example.com/pricing', 'https://other.example.com/pricing', false],
    ['https://shop.example.com/pricing', 'https://shop.example.com/pricing/annual', false],
    ['https://shop.example.com', 'https://shop.example.com/', true],
    ['https://shop.example.com', 'https://shop.example.com/a', false],
    // host + path, any scheme
    ['shop.example.com/pricing', 'https://shop.example.com/pricing', true],
    ['shop.example.com/pricing', 'http://shop.example.com/pricing', true],
    ['shop.example.com/pricing', 'https://example.com/pricing', false],
    ['shop.example.com/pricing', 'https://shop.example.com:8443/pricing', false],
    ['shop.example.com:8443/pricing', 'https://shop.example.com:8443/pricing', true],
    ['shop.example.com', 'https://shop.example.com/', true],
    ['shop.example.com', 'https://shop.example.com/pricing', false],
    ['shop.example.com/*', 'https://shop.example.com/pricing/x', true],
    ['shop.example.com/*', 'https://shop.example.com', true],
    ['//shop.example.com/a', 'https://shop.example.com/a', true],
    // path only, any host
    ['/pricing', 'https://shop.example.com/pricing', true],
    ['/pricing', 'http://localhost:3000/pricing', true],
    ['/pricing', 'https://shop.example.com/pricing/annual', false],
    ['/pricing', 'https://shop.example.com/pricing-old', false],
    ['/pricing', 'https://shop.example.com/Pricing', false], // paths are case-sensitive
    // home page
    ['/', 'https://shop.example.com/', true],
    ['/', 'https://shop.example.com', true],
    ['/', 'https://shop.example.com/?utm=1#top', true],
    ['/', 'https://shop.example.com/a', false],
    ['/', 'https://shop.example.com/a/', false],
    ['/*', 'https://shop.example.com/', true],
    ['/*', 'https://shop.example.com/a/b/c', true],
    ['*', 'https://shop.example.com/a/b/c?x=1', true],
    // patterns
    ['/blog/*', 'https://shop.example.com/blog/post-1', true],
    ['/blog/*', 'https://shop.example.com/blog/2024/01/post', true],
    ['/blog/*', 'https://shop.example.com/blog/', true],
    ['/blog/*', 'https://shop.example.com/blog', true],
    ['/blog/*', 'https://shop.example.com/blogging', false],
    ['/blog*', 'https://shop.example.com/blogging', true],
    ['*/checkout', 'https://shop.example.com/checkout', true],
    ['*/checkout', 'https://shop.example.com/cart/step/checkout', true],
    ['*/checkout', 'https://shop.example.com/checkout/done', false],
    ['*/checkout', 'http://any.host/x/checkout/', true],
    ['https://*.example.com/*', 'https://shop.example.com/a', true],
    ['https://*.example.com/*', 'https://a.b.example.com/', true],
    ['https://*.example.com/*', 'https://example.com/a', false],
    ['https://*.example.com/*', 'http://shop.example.com/a', false],
    ['https://*.example.com/', 'https://evil.com/a.example.com/', false], // host * never reaches into the path
    ['https://*.example.com/', 'https://evil.com/a.example.com', false],
    ['*.example.com/pricing', 'http://shop.example.com/pricing', true],
    ['*://shop.example.com/a', 'ftp://shop.example.com/a', true],
    ['/a*b*c', 'https://x/aXXbYYc', true],
    ['/a*b*c', 'https://x/aXXbYYcd', false],
    ['/a**b', 'https://x/ab', true],
  ];
  it.each(cases)('%s vs %s => %s', (rules, url, expected) => {
    expect(m(rules, url)).toBe(expected);
  });
});

describe('matchesPageRules: normalization', () => {
  const cases: [rules: string, url: string, expected: boolean][] = [
    // fragment
    ['/pricing', 'https://x.com/pricing#plans', true],
    ['https://x.com/pricing#plans', 'https://x.com/pricing', true],
    // trailing slash either side
    ['/pricing', 'https://x.com/pricing/', true],
    ['/pricing/', 'https://x.com/pricing', true],
    ['/pricing/', 'https://x.com/pricing/', true],
    // host case, trailing dot, userinfo
    ['https://Shop.Example.com/a', 'https://SHOP.example.COM/a', true],
    ['shop.example.com/a', 'https://shop.example.com./a', true],
    ['shop.example.com/a', 'https://user:pw@shop.example.com/a', true],
    // default ports
    ['https://x.com/a', 'https://x.com:443/a', true],
    ['http://x.com/a', 'http://x.com:80/a', true],
    ['https://x.com:443/a', 'https://x.com/a', true],
    ['https://x.com/a', 'https://x.com:8443/a', false],
    ['https://x.com/a', 'http://x.com:443/a', false], // 443 is not http's default port
    ['x.com/a', 'http://x.com:80/a', true],
    ['x.com/a', 'https://x.com:443/a', true],
    ['x.com/a', 'https://x.com:80/a', false], // the page's port is judged by the page's scheme
    ['x.com:80/a', 'https://x.com:80/a', false], // and :80 in a scheme-less entry means "default port"
    ['http://[::1]:8080/a', 'http://[::1]:8080/a', true],
    ['http://[::1]/a', 'http://[::1]:80/a', true],
    // scheme case
    ['HTTPS://x.com/a', 'https://x.com/a', true],
    ['https://x.com/a', 'HTTPS://x.com/a', true],
    // punycode hosts
    ['окна.рф/a', 'https://xn--80atjc.xn--p1ai/a', true],
    ['https://ОКНА.РФ/a', 'https://xn--80atjc.xn--p1ai/a', true],
    ['xn--bcher-kva.de/*', 'https://bücher.de/x', true],
    ['例え.jp', 'https://xn--r8jz45g.jp/', true],
    ['xn--zz-invalid!.de/*', 'https://xn--zz-invalid!.de/x', true], // invalid punycode stays as typed
  ];
  it.each(cases)('%s vs %s => %s', (rules, url, expected) => {
    expect(m(rules, url)).toBe(expected);
  });
});

describe('matchesPageRules: query strings', () => {
  const cases: [rules: string, url: string, expected: boolean][] = [
    ['/search', 'https://x.com/search?q=shoes&page=2', true],
    ['/search?', 'https://x.com/search?q=1', true],
    ['/search?q=shoes', 'https://x.com/search?q=shoes', true],
    ['/search?q=shoes', 'https://x.com/search', false],
    ['/search?q=shoes', 'https://x.com/search?q=shoes&page=2', false],
    ['/search?q=*', 'https://x.com/search?q=shoes&page=2', true],
    ['/search?q=*', 'https://x.com/search?page=2&q=shoes', false],
    ['/search?*q=*', 'https://x.com/search?page=2&q=shoes', true],
    ['/search?*', 'https://x.com/search', true],
    ['/search?q=shoes', 'https://x.com/search/?q=shoes#r', true],
    ['/search?q=%D0%BE', 'https://x.com/search?q=о', true],
    ['/search?q=о', 'https://x.com/search?q=%d0%be', true],
    ['/search?q=a%26b', 'https://x.com/search?q=a&b', false], // encoded & is not a separator
    ['/search?q=a%26b', 'https://x.com/search?q=a%26b', true],
    ['/search?q=a+b', 'https://x.com/search?q=a%2Bb', false], // + and %2B differ in queries
    ['/search?q=a%2Cb', 'https://x.com/search?q=a,b', true], // commas in entries are typed as %2C
    ['?utm_source=ads*', 'https://x.com/any/page?utm_source=ads&x=1', true],
    ['?utm_source=ads*', 'https://x.com/any/page?utm_source=seo', false],
    ['https://x.com/a?b=1', 'https://x.com/a?b=1', true],
    ['https://x.com/a?b=1', 'https://y.com/a?b=1', false],
  ];
  it.each(cases)('%s vs %s => %s', (rules, url, expected) => {
    expect(m(rules, url)).toBe(expected);
  });
});

describe('matchesPageRules: percent-encoding', () => {
  const cases: [rules: string, url: string, expected: boolean][] = [
    ['/окна', 'https://x.com/%D0%BE%D0%BA%D0%BD%D0%B0', true],
    ['/окна', 'https://x.com/%d0%be%d0%ba%d0%bd%d0%b0/', true],
    ['/%D0%BE%D0%BA%D0%BD%D0%B0', 'https://x.com/окна', true],
    ['/окна/*', 'https://x.com/%D0%BE%D0%BA%D0%BD%D0%B0/%D0%BF%D0%B2%D1%85', true],
    ['/my page', 'https://x.com/my%20page', true],
    ['/a%2Fb', 'https://x.com/a/b', false], // an encoded slash is not a path separator
    ['/a%2Fb', 'https://x.com/a%2fb', true],
    ['/a%3Fb', 'https://x.com/a%3Fb', true],
    ['/a%3Fb', 'https://x.com/a?b', false],
    ['/a%2Ab', 'https://x.com/a%2Ab', true],
    ['/a%2Ab', 'https://x.com/aXb', false], // an encoded * is literal, not a wildcard
    ['/100%', 'https://x.com/100%', true],
    ['/%E0%A4%A', 'https://x.com/%E0%A4%A', true], // malformed sequences compare as typed
    ['/%FF', 'https://x.com/%ff', true],
    ['/%2541', 'https://x.com/%2541', true], // no double decoding
    ['/%2541', 'https://x.com/A', false],
    ['/%41', 'https://x.com/A', true],
  ];
  it.each(cases)('%s vs %s => %s', (rules, url, expected) => {
    expect(m(rules, url)).toBe(expected);
  });

  it('never throws on malformed encoding in the page URL', () => {
    for (const url of ['https://x.com/%', 'https://x.com/%E0%A4%A', 'https://x.com/%C0%80', 'https://x.com/%ED%A0%80', 'https://x.com/?q=%']) {
      expect(() => m('/a', url)).not.toThrow();
    }
  });
});

describe('matchesPageRules: literal characters', () => {
  const cases: [rules: string, url: string, expected: boolean][] = [
    ['/a.b', 'https://x.com/a.b', true],
    ['/a.b', 'https://x.com/aXb', false],
    ['/a+', 'https://x.com/aaa', false],
    ['/a+', 'https://x.com/a+', true],
    ['/(x)', 'https://x.com/(x)', true],
    ['/(x)', 'https://x.com/x', false],
    ['/[a]', 'https://x.com/a', false],
    ['/^a$', 'https://x.com/^a$', true],
    ['/a|b', 'https://x.com/a', false],
    ['/a\\d', 'https://x.com/a1', false],
    ['/.*', 'https://x.com/anything', false],
    ['/.*', 'https://x.com/.anything', true],
    ['x.com/a', 'https://xAcom/a', false],
  ];
  it.each(cases)('%s vs %s => %s', (rules, url, expected) => {
    expect(m(rules, url)).toBe(expected);
  });

  it('matches pathological patterns on long URLs promptly', () => {
    const url = 'https://x.com/' + 'a'.repeat(2000);
    const rules = '/*a*a*a*a*a*a*a*a*a*a*a*a*b, *a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b';
    const started = Date.now();
    expect(m(rules, url)).toBe(false);
    expect(m('/*a*a*a*a*b', url + 'b')).toBe(true);
    expect(Date.now() - started).toBeLessThan(200);
  });
});

describe('matchesPageRules: include and exclude', () => {
  it('includes every page when there are no entries', () => {
    expect(m('', 'https://x.com/a')).toBe(true);
    expect(matchesPageRules([], 'https://x.com/a')).toBe(true);
  });

  it('with only exclusions, includes everything else', () => {
    expect(m('!/checkout, !/cart/*', 'https://x.com/a')).toBe(true);
    expect(m('!/checkout, !/cart/*', 'https://x.com/checkout')).toBe(false);
    expect(m('!/checkout, !/cart/*', 'https://x.com/cart/1')).toBe(false);
  });

  it('with include entries, includes only matching pages', () => {
    expect(m('/pricing, /blog/*', 'https://x.com/pricing')).toBe(true);
    expect(m('/pricing, /blog/*', 'https://x.com/blog/a')).toBe(true);
    expect(m('/pricing, /blog/*', 'https://x.com/about')).toBe(false);
  });

  it('lets an exclusion win over an include whatever the order', () => {
    expect(m('/blog/*, !/blog/drafts/*', 'https://x.com/blog/drafts/1')).toBe(false);
    expect(m('!/blog/drafts/*, /blog/*', 'https://x.com/blog/drafts/1')).toBe(false);
    expect(m('!/blog/drafts/*, /blog/*', 'https://x.com/blog/1')).toBe(true);
    expect(m('/a, !/a', 'https://x.com/a')).toBe(false);
    expect(m('!*', 'https://x.com/a')).toBe(false);
  });

  it('accepts pre-parsed rules', () => {
    const rules: PageRule[] = parsePageRules('shop.example.com/*\n!shop.example.com/admin/*');
    expect(matchesPageRules(rules, 'https://shop.example.com/a')).toBe(true);
    expect(matchesPageRules(rules, 'https://shop.example.com/admin/users')).toBe(false);
    expect(matchesPageRules(rules, 'https://other.example.com/a')).toBe(false);
  });

  it('is total on odd input', () => {
    expect(matchesPageRules(null as unknown as string, 'https://x.com/a')).toBe(true);
    expect(matchesPageRules([null, { exclude: true }] as unknown as PageRule[], 'https://x.com/a')).toBe(true);
    expect(m('/a', undefined as unknown as string)).toBe(false);
    expect(m('/', '')).toBe(true);
    expect(m('x.com/a', '/a')).toBe(false); // no host known: host entries cannot match
    expect(m('/a', '/a?b#c')).toBe(true);
    expect(m('x.com/a', 'x.com/a')).toBe(true);
  });
});

describe('pageAllowed', () => {
  it('allows every page when the filter is missing or disabled', () => {
    expect(pageAllowed(undefined, 'https://x.com/checkout')).toBe(true);
    expect(pageAllowed({ enabled: false, rules: '/pricing' }, 'https://x.com/checkout')).toBe(true);
  });

  it('allows every page when enabled with no entries', () => {
    expect(pageAllowed({ enabled: true, rules: '' }, 'https://x.com/checkout')).toBe(true);
    expect(pageAllowed({ enabled: true, rules: ' , \n' }, 'https://x.com/checkout')).toBe(true);
  });

  it('applies the rules when enabled', () => {
    const filter = { enabled: true, rules: '/pricing\n/blog/*\n!/blog/private' };
    expect(pageAllowed(filter, 'https://x.com/pricing/')).toBe(true);
    expect(pageAllowed(filter, 'https://x.com/blog/one')).toBe(true);
    expect(pageAllowed(filter, 'https://x.com/blog/private')).toBe(false);
    expect(pageAllowed(filter, 'https://x.com/')).toBe(false);
  });

  it('is total on odd input', () => {
    expect(pageAllowed({ enabled: true, rules: 5 } as unknown as { enabled: boolean; rules: string }, 'https://x.com/')).toBe(true);
  });
});

describe('PageFilterSchema', () => {
  it('accepts a filter and rejects oversized or malformed ones', () => {
    expect(v.safeParse(PageFilterSchema, { enabled: true, rules: '/a' }).success).toBe(true);
    expect(v.safeParse(PageFilterSchema, { enabled: false, rules: 'x'.repeat(10000) }).success).toBe(true);
    expect(v.safeParse(PageFilterSchema, { enabled: false, rules: 'x'.repeat(10001) }).success).toBe(false);
    expect(v.safeParse(PageFilterSchema, { enabled: 'yes', rules: '' }).success).toBe(false);
    expect(v.safeParse(PageFilterSchema, { enabled: true }).success).toBe(false);
  });
});
