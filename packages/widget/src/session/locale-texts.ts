import type { Locale, WidgetChatTextTable, WidgetMoreTextTable } from '@parley/protocol';
import type { TextLayer } from '../core/texts';
import { lazyChunk } from '../ui/lazy';

/**
 * The built-in texts of each locale, two chunks each, loaded on demand: a visitor downloads the
 * chat's texts of the locales the widget shows (usually one), and the rest (the forms, the rating,
 * the image viewer, Help, My requests, calls) only when one of those views is to show. A failed load
 * is retried by another URL (lazy.ts): a browser that keeps a failed module failed would otherwise
 * never open the panel (it waits for them).
 */
const CHAT: Record<Locale, () => Promise<{ table: WidgetChatTextTable } | undefined>> = {
  ru: lazyChunk(() => import('./texts-ru'), 'the texts'),
  fr: lazyChunk(() => import('./texts-fr'), 'the texts'),
  en: lazyChunk(() => import('./texts-en'), 'the texts'),
};
const MORE: Record<Locale, () => Promise<{ table: WidgetMoreTextTable } | undefined>> = {
  ru: lazyChunk(() => import('./texts-more-ru'), 'the texts'),
  fr: lazyChunk(() => import('./texts-more-fr'), 'the texts'),
  en: lazyChunk(() => import('./texts-more-en'), 'the texts'),
};

export function loadLocaleTexts(locale: Locale, more?: boolean): Promise<Readonly<Record<string, string>>> {
  return (more ? MORE : CHAT)[locale]().then((m) => m?.table ?? Promise.reject(new Error('texts')));
}

/** Keys of a layer that no built-in text has: typos, reported once the full table is loaded. */
export function unknownTextKeys(layer: TextLayer, builtin: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const texts of Object.values(layer)) for (const key of Object.keys(texts ?? {})) if (!(key in builtin)) out.add(key);
  return [...out];
}
