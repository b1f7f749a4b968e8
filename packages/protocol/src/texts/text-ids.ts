import type { Locale } from '../locales';
import { WIDGET_TEXTS } from './widget-texts';
import { MULTIWIDGET_LAUNCHER_TEXTS, MULTIWIDGET_PANEL_TEXTS } from './multiwidget-texts';

/**
 * Every text a project may override (Console → Texts), with its built-in text per locale: the
 * chat widget's and the multiwidget's. The console lists these; the server refuses other ids.
 */
export function defaultTexts(locale: Locale): Readonly<Record<string, string>> {
  return { ...WIDGET_TEXTS[locale], ...MULTIWIDGET_LAUNCHER_TEXTS[locale], ...MULTIWIDGET_PANEL_TEXTS[locale] };
}

export function isTextId(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(defaultTexts('en'), id);
}

/** Override ids that are no text of ours, as "locale.id". */
export function unknownTextIds(overrides: Partial<Record<Locale, Readonly<Record<string, string>> | undefined>>): string[] {
  const out: string[] = [];
  for (const [locale, table] of Object.entries(overrides)) {
    for (const id of Object.keys(table ?? {})) if (!isTextId(id)) out.push(`${locale}.${id}`);
  }
  return out;
}
