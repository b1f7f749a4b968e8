import type { Locale, WidgetTextTable } from '@parley/protocol';
import type { TextLayer } from '../core/texts';
import { lazyChunk } from '../ui/lazy';

/**
 * The built-in texts of each locale, a chunk each, loaded on demand: a visitor downloads the tables
 * of the locales the widget shows (usually one). A failed load is retried by another URL (lazy.ts):
 * a browser that keeps a failed module failed would otherwise never open the panel (it waits for them).
 */
const CHUNKS: Record<Locale, () => Promise<{ table: WidgetTextTable } | undefined>> = {
  ru: lazyChunk(() => import('./texts-ru'), 'the texts'),
  fr: lazyChunk(() => import('./texts-fr'), 'the texts'),
  en: lazyChunk(() => import('./texts-en'), 'the texts'),
};

export function loadLocaleTexts(locale: Locale): Promise<WidgetTextTable> {
  return CHUNKS[locale]().then((m) => m?.table ?? Promise.reject(new Error('texts')));
}

/** Keys of a layer that no built-in text has: typos, reported once the full table is loaded. */
export function unknownTextKeys(layer: TextLayer, builtin: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const texts of Object.values(layer)) for (const key of Object.keys(texts ?? {})) if (!(key in builtin)) out.add(key);
  return [...out];
}
