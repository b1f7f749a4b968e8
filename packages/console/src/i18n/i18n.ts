import { signal } from '@preact/signals';
import { LOCALES, type Locale } from '@parley/protocol';
import { en, type MessageKey } from './en';

export type Table = Readonly<Record<MessageKey, string>>;
export type Params = Readonly<Record<string, string | number>>;

/** English ships with the console (the fallback); the other languages load when chosen. */
export const TABLE_LOADERS: Readonly<Record<Locale, () => Promise<Table>>> = {
  en: () => Promise.resolve(en),
  ru: () => import('./ru').then((m) => m.ru),
  fr: () => import('./fr').then((m) => m.fr),
};

/** Fills {name} placeholders; unknown ones stay visible so a missing param is noticed. */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * The console's language: the one the operator chose (kept in localStorage), else the first
 * of the browser's languages we have, else English.
 */
export function pickLocale(stored: string | null, languages: readonly string[]): Locale {
  if (stored && (LOCALES as readonly string[]).includes(stored)) return stored as Locale;
  for (const tag of languages) {
    const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if ((LOCALES as readonly string[]).includes(base)) return base as Locale;
  }
  return 'en';
}

export interface I18nDeps {
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  languages: readonly string[];
}

const STORAGE_KEY = 'parley.console.locale';

export function createI18n(deps: I18nDeps) {
  let stored: string | null = null;
  try {
    stored = deps.storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // storage blocked: fall back to the browser language
  }
  const wanted = pickLocale(stored, deps.languages);
  // The locale switches only once its table is here, so the UI never shows keys or mixes languages.
  const locale = signal<Locale>('en');
  const table = signal<Table>(en);
  let request = 0;

  async function use(next: Locale): Promise<void> {
    const mine = ++request;
    let loaded: Table;
    try {
      loaded = await TABLE_LOADERS[next]();
    } catch {
      return; // offline: stay in the current language
    }
    if (mine !== request) return;
    table.value = loaded;
    locale.value = next;
  }

  function t(key: MessageKey, params?: Params): string {
    return interpolate(table.value[key] ?? en[key], params);
  }

  return {
    locale,
    t,
    /** Resolves when the starting language is loaded (render after it to avoid a flash of English). */
    ready: use(wanted),
    async setLocale(next: Locale): Promise<void> {
      try {
        deps.storage?.setItem(STORAGE_KEY, next);
      } catch {
        // the choice still holds for this session
      }
      await use(next);
    },
  };
}
export type I18n = ReturnType<typeof createI18n>;
export type { MessageKey };
