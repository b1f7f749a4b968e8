import * as v from 'valibot';

/** Languages with built-in texts. A project may override any text in any of them. */
export const LOCALES = ['ru', 'en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];
export const LocaleSchema = v.picklist(LOCALES);
export const DEFAULT_LOCALE: Locale = 'ru';

/** Picks the best built-in locale for a BCP 47 tag such as 'fr-CA' or 'ru'. */
export function matchLocale(tag: string | undefined | null, fallback: Locale = DEFAULT_LOCALE): Locale {
  if (!tag) return fallback;
  const base = tag.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(base ?? '') ? (base as Locale) : fallback;
}
