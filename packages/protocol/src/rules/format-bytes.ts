/** Sizes as people read them, in the visitor's locale (attachments, limits). */
const UNITS: Readonly<Record<'ru' | 'en' | 'fr', readonly [string, string, string, string]>> = {
  en: ['B', 'KB', 'MB', 'GB'],
  ru: ['Б', 'КБ', 'МБ', 'ГБ'],
  fr: ['o', 'Ko', 'Mo', 'Go'],
};

/**
 * '5 MB' / '5 МБ' / '5 Mo' (1024-based, at most one decimal, decimal comma in ru and fr, a plain
 * space before the unit). NaN and negatives read as 0; unknown locales fall back to English.
 */
export function formatBytes(n: number, locale: 'ru' | 'en' | 'fr'): string {
  const key = locale === 'ru' || locale === 'fr' ? locale : 'en';
  const units = UNITS[key];
  let value = typeof n === 'number' && n > 0 ? n : 0;
  if (value === Infinity) return `∞ ${units[3]}`;
  let i = 0;
  while (i < 3 && value >= 1024) {
    value /= 1024;
    i++;
  }
  let rounded = i === 0 ? Math.round(value) : Math.round(value * 10) / 10;
  // 1023.96 KB would print as "1024 KB": show "1 MB" instead.
  if (rounded >= 1024 && i < 3) {
    rounded = 1;
    i++;
  }
  const text = Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
  return `${key === 'en' ? text : text.replace('.', ',')} ${units[i]}`;
}
