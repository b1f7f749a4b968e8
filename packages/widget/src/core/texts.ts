import { LOCALES, type Locale } from '@parley/protocol';
import type { TextKey } from './text-keys';

/** Overrides per locale, keyed by text id (the shape of the project config and of `setTexts`). */
export type TextLayer = Partial<Record<Locale, Readonly<Record<string, string>>>>;
export type TextParams = Readonly<Record<string, string | number>>;
/** Built-in texts per locale: the launcher's few at first, then each shown locale's full table (loaded by the chat). */
export type BuiltinTexts = Readonly<Record<Locale, Readonly<Partial<Record<TextKey, string>>>>>;

// The rule of the project's text overrides (protocol TextsSettingsSchema).
const KEY = /^[a-zA-Z][a-zA-Z0-9_.]{0,63}$/;

export function isLocale(x: unknown): x is Locale {
  return typeof x === 'string' && (LOCALES as readonly string[]).includes(x);
}

export function fillTemplate(template: string, params: TextParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The text for a key: the last layer that has it wins, then the built-in one. */
export function resolveText(key: TextKey, locale: Locale, builtin: BuiltinTexts, layers: readonly TextLayer[], params?: TextParams): string {
  // While another locale's table loads (the locale just changed), a loaded one stands in.
  let template = builtin[locale][key];
  for (const l of LOCALES) template ??= builtin[l][key];
  template ??= '';
  for (const layer of layers) {
    const v = layer[locale]?.[key];
    if (typeof v === 'string') template = v;
  }
  return fillTemplate(template, params);
}

/**
 * Reads `setTexts` input: `{ ru: {...}, en: {...} }` per locale, or a flat `{ 'launcher.open': '…' }`
 * that applies to every locale. Returns the layer and what was wrong with the input, if anything.
 */
export function parseTextsInput(input: unknown): { layer: TextLayer; problems: string[] } {
  const problems: string[] = [];
  const layer: Record<string, Record<string, string>> = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { layer, problems: ['texts must be an object'] };
  }
  const put = (locale: Locale, key: string, value: unknown) => {
    if (!KEY.test(key)) problems.push(`invalid text key "${key}"`);
    else if (typeof value !== 'string' || value.length > 2000) problems.push(`text "${key}" must be a string of at most 2000 characters`);
    else (layer[locale] ??= {})[key] = value;
  };
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (isLocale(k)) {
      if (!v || typeof v !== 'object') problems.push(`texts.${k} must be an object`);
      else for (const [key, value] of Object.entries(v as Record<string, unknown>)) put(k, key, value);
    } else {
      for (const locale of LOCALES) put(locale, k, v);
    }
  }
  return { layer, problems: [...new Set(problems)] };
}

export type { TextKey };
