import type { Locale, WidgetTextTable } from '@parley/protocol';
import type { TextLayer } from '../core/texts';

/**
 * The built-in texts of one locale, loaded on demand: a visitor downloads the tables of the
 * locales the widget shows (usually one), not all of them. Each locale is its own chunk.
 */
export function loadLocaleTexts(locale: Locale): Promise<WidgetTextTable> {
  const chunk = locale === 'ru' ? import('./texts-ru') : locale === 'fr' ? import('./texts-fr') : import('./texts-en');
  return chunk.then((m) => m.table);
}

/** Keys of a layer that no built-in text has: typos, reported once the full table is loaded. */
export function unknownTextKeys(layer: TextLayer, builtin: Readonly<Record<string, string>>): string[] {
  const out = new Set<string>();
  for (const texts of Object.values(layer)) for (const key of Object.keys(texts ?? {})) if (!(key in builtin)) out.add(key);
  return [...out];
}
