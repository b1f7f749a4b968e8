import { describe, expect, it } from 'vitest';
import { hintKeys } from '../core/hint';
import { forgetSentPages, journeyPages } from './journey';

/** A window with only a localStorage (what the journey uses). */
function fakeWindow(): Window {
  const m = new Map<string, string>();
  const localStorage = {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
  return { localStorage } as unknown as Window;
}
const put = (w: Window, project: string, v: unknown) => w.localStorage.setItem(hintKeys.pages(project), JSON.stringify(v));

describe('journey pages for the hello', () => {
  it('keeps well-formed entries only, no other fields, without the current page, and forgets what the hello was made from', () => {
    const w = fakeWindow();
    put(w, 'p1', [
      { url: 'https://shop.test/a?utm_source=x', title: 'A', referrer: 'https://search.test/', at: 10 },
      { url: 'https://shop.test/b', at: 20, extra: 'dropped' },
      { url: 42, at: 25 },
      { url: 'https://shop.test/c', title: 7, at: 26 },
      { url: 'https://shop.test/d', at: 1.5 },
      null,
      { url: 'https://shop.test/now', at: 30 },
    ]);
    const j = journeyPages(w, 'p1', { url: 'https://shop.test/now' });
    expect(JSON.parse(JSON.stringify(j.pages))).toEqual([
      { url: 'https://shop.test/a?utm_source=x', title: 'A', referrer: 'https://search.test/', at: 10 },
      { url: 'https://shop.test/b', at: 20 },
    ]);
    expect(j.upTo).toBe(30);
    // A page noted after the hello was made stays for the next one.
    const stored = JSON.parse(w.localStorage.getItem(hintKeys.pages('p1')) ?? '[]') as unknown[];
    put(w, 'p1', [...stored, { url: 'https://shop.test/later', at: 31 }]);
    forgetSentPages(w, 'p1', j.upTo);
    expect(journeyPages(w, 'p1', { url: 'https://shop.test/x' }).pages).toEqual([{ url: 'https://shop.test/later', at: 31 }]);
    forgetSentPages(w, 'p1', 31);
    expect(w.localStorage.getItem(hintKeys.pages('p1'))).toBeNull();
  });

  it('sends at most the newest 20 and nothing from another project, an empty device or refused storage', () => {
    const w = fakeWindow();
    put(
      w,
      'p1',
      Array.from({ length: 25 }, (_, i) => ({ url: `https://shop.test/${i}`, at: i })),
    );
    const j = journeyPages(w, 'p1', { url: 'https://shop.test/elsewhere' });
    expect(j.pages.map((p) => p.at)).toEqual(Array.from({ length: 20 }, (_, i) => i + 5));
    expect(journeyPages(w, 'p2', { url: 'https://shop.test/' })).toEqual({ pages: [], upTo: -1 });
    const refused = {
      get localStorage(): Storage {
        throw new Error('SecurityError');
      },
    } as unknown as Window;
    expect(journeyPages(refused, 'p1', { url: 'https://shop.test/' })).toEqual({ pages: [], upTo: -1 });
  });
});
