import { describe, it, expect } from 'vitest';
import { LOCALES } from '@parley/protocol';
import { LAUNCHER_TEXTS, localized, translator } from './i18n';
import { PANEL_TEXTS, channelTextId } from './panel/texts';

describe('translator', () => {
  it('uses the built-in text of the locale', () => {
    expect(translator(LAUNCHER_TEXTS, 'ru')('multiwidget.button')).toBe('Связаться с нами');
    expect(translator(LAUNCHER_TEXTS, 'fr')('multiwidget.button')).toBe('Nous contacter');
    expect(translator(PANEL_TEXTS, 'en')(channelTextId('callback'))).toBe('Request a callback');
  });
  it("prefers the project's override for that locale, ignoring blank ones and other locales", () => {
    const texts = {
      defaultLocale: 'ru' as const,
      overrides: { ru: { 'multiwidget.button': 'Напишите нам', 'multiwidget.close': '  ' }, en: { 'multiwidget.close': 'Dismiss' } },
    };
    const t = translator(LAUNCHER_TEXTS, 'ru', texts);
    expect(t('multiwidget.button')).toBe('Напишите нам');
    expect(t('multiwidget.close')).toBe('Закрыть');
    expect(translator(LAUNCHER_TEXTS, 'en', texts)('multiwidget.close')).toBe('Dismiss');
  });
  it('never reads inherited properties as overrides', () => {
    const inherited = Object.create({ 'multiwidget.button': 'from the prototype' }) as Record<string, string>;
    const texts = { defaultLocale: 'en' as const, overrides: { en: inherited } };
    expect(translator(LAUNCHER_TEXTS, 'en', texts)('multiwidget.button')).toBe('Contact us');
  });
  it('has every text in every locale', () => {
    for (const table of [LAUNCHER_TEXTS, PANEL_TEXTS] as const) {
      const ids = Object.keys(table.en);
      for (const locale of LOCALES) {
        expect(Object.keys(table[locale]).sort()).toEqual([...ids].sort());
        for (const id of ids) expect((table[locale] as Record<string, string>)[id]?.trim()).toBeTruthy();
      }
    }
  });
});

describe('localized', () => {
  it('picks the locale and trims; empty when missing', () => {
    expect(localized({ ru: ' Звоните! ', en: 'Call us!' }, 'ru')).toBe('Звоните!');
    expect(localized({ en: 'Call us!' }, 'fr')).toBe('');
    expect(localized(undefined, 'en')).toBe('');
  });
});
