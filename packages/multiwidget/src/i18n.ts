import { LOCALES, type Locale, type TextsSettings } from '@parley/protocol';

/**
 * Texts, per locale. A project overrides any built-in text per locale in
 * config.texts.overrides[locale] under the same id (all multiwidget ids start with `multiwidget.`),
 * exactly as it overrides the chat's texts. The launcher carries only its own two texts; the
 * panel's texts travel with the lazily loaded panel (panel/texts.ts).
 */
export type { TextTable } from '@parley/protocol';
import type { TextTable } from '@parley/protocol';

export { MULTIWIDGET_LAUNCHER_TEXTS as LAUNCHER_TEXTS } from '@parley/protocol';

export type Translate<K extends string> = (id: K) => string;

/** Texts for one locale: the project's override when it has one, else the built-in text. */
export function translator<K extends string>(table: TextTable<K>, locale: Locale, texts?: TextsSettings): Translate<K> {
  const lang: Locale = (LOCALES as readonly string[]).includes(locale) ? locale : 'ru';
  const overrides = texts?.overrides?.[lang];
  return (id) => {
    const own = overrides && Object.prototype.hasOwnProperty.call(overrides, id) ? overrides[id] : undefined;
    return typeof own === 'string' && own.trim() !== '' ? own : table[lang][id];
  };
}

/** A per-locale text from settings (channel label, call-to-action); '' when that locale has none. */
export function localized(text: Partial<Record<Locale, string | undefined>> | undefined, locale: Locale): string {
  const s = text?.[locale];
  return typeof s === 'string' ? s.trim() : '';
}
