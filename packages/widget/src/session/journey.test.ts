import { describe, expect, it } from 'vitest';
import { memoryStorage, pagesKey } from '../core/storage';
import { forgetSentPages, journeyPages } from './journey';

describe('journey pages for the hello', () => {
  it('keeps well-formed entries only, no other fields, without the current page, and forgets what the hello was made from', async () => {
    const s = memoryStorage();
    await s.set(pagesKey('p1'), [
      { url: 'https://shop.test/a?utm_source=x', title: 'A', referrer: 'https://search.test/', at: 10 },
      { url: 'https://shop.test/b', at: 20, extra: 'dropped' },
      { url: 42, at: 25 },
      { url: 'https://shop.test/c', title: 7, at: 26 },
      { url: 'https://shop.test/d', at: 1.5 },
      null,
      { url: 'https://shop.test/now', at: 30 },
    ]);
    const j = await journeyPages(s, 'p1', { url: 'https://shop.test/now' });
    expect(JSON.parse(JSON.stringify(j.pages))).toEqual([
      { url: 'https://shop.test/a?utm_source=x', title: 'A', referrer: 'https://search.test/', at: 10 },
      { url: 'https://shop.test/b', at: 20 },
    ]);
    expect(j.upTo).toBe(30);
    // A page noted after the hello was made stays for the next one.
    await s.update<unknown[]>(pagesKey('p1'), (old) => [...(old ?? []), { url: 'https://shop.test/later', at: 31 }]);
    forgetSentPages(s, 'p1', j.upTo);
    await new Promise((r) => setTimeout(r, 0));
    expect((await journeyPages(s, 'p1', { url: 'https://shop.test/x' })).pages).toEqual([{ url: 'https://shop.test/later', at: 31 }]);
  });

  it('sends at most the newest 20 and nothing from another project or an empty device', async () => {
    const s = memoryStorage();
    await s.set(
      pagesKey('p1'),
      Array.from({ length: 25 }, (_, i) => ({ url: `https://shop.test/${i}`, at: i })),
    );
    const j = await journeyPages(s, 'p1', { url: 'https://shop.test/elsewhere' });
    expect(j.pages.map((p) => p.at)).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    expect(await journeyPages(s, 'p2', { url: 'https://shop.test/' })).toEqual({ pages: [], upTo: -1 });
  });
});
