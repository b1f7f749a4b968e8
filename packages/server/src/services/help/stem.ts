import type { Locale } from '@parley/protocol';

type Snowball = typeof import('snowball-stemmers');
/** Snowball (every language's stemmer, half a second to load) comes with the first article or query, not at every start. */
let snowball: Snowball | null = null;

export async function loadStemmers(): Promise<void> {
  // A CommonJS module: its exports object is the import's default.
  const m: Snowball & { default?: Snowball } = await import('snowball-stemmers');
  snowball ??= m.default ?? m;
}

const LANGUAGE: Record<Locale, string> = { ru: 'russian', en: 'english', fr: 'french' };
const stemmers = new Map<Locale, { stem(w: string): string }>();
const WORD = /[\p{L}\p{N}]+/gu;
const MAX_TERMS = 12;

function stemmer(locale: Locale) {
  let s = stemmers.get(locale);
  if (!s) {
    if (!snowball) throw new Error('stems() before loadStemmers()');
    s = snowball.newStemmer(LANGUAGE[locale]);
    stemmers.set(locale, s);
  }
  return s;
}

/**
 * The words of a text as Snowball stems in the locale's language (lower case, ё as е), so
 * "возврата", "возвратом" and "возврат" are one term. Articles are indexed as these stems and
 * queries are stemmed the same way.
 */
export function stems(text: string, locale: Locale): string[] {
  const s = stemmer(locale);
  return (text.toLowerCase().replace(/ё/g, 'е').match(WORD) ?? []).map((w) => s.stem(w));
}

/** A visitor's query as at most MAX_TERMS distinct stems, in order. */
export function queryStems(q: string, locale: Locale): string[] {
  return [...new Set(stems(q, locale))].slice(0, MAX_TERMS);
}
