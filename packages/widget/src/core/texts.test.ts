import { describe, expect, it } from 'vitest';
import { LOCALES, WIDGET_LAUNCHER_TEXTS, WIDGET_TEXTS as BUILTIN_TEXTS } from '@parley/protocol';
import { GREETING_CLOSE } from './greetings';
import { fillTemplate, parseTextsInput, resolveText } from './texts';
import { unknownTextKeys } from '../session/locale-texts';

describe('built-in texts', () => {
  it('has every key in every locale, non-empty, with the same placeholders', () => {
    for (const locale of LOCALES) expect(Object.keys(BUILTIN_TEXTS[locale]).sort()).toEqual(Object.keys(BUILTIN_TEXTS.en).sort());
    for (const key of Object.keys(BUILTIN_TEXTS.en) as (keyof (typeof BUILTIN_TEXTS)['en'])[]) {
      const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort().join();
      const en = BUILTIN_TEXTS.en[key];
      for (const locale of LOCALES) {
        const text = BUILTIN_TEXTS[locale][key];
        expect(text, `${locale} ${key}`).toBeTruthy();
        expect(placeholders(text), `${locale} ${key}`).toBe(placeholders(en));
      }
    }
  });
});

describe('WIDGET_LAUNCHER_TEXTS (the loader imports it; the size test keeps the other tables out of the loader)', () => {
  it('is the built-in table, cut down to the launcher', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(WIDGET_LAUNCHER_TEXTS[locale]))
        expect(text).toBe(BUILTIN_TEXTS[locale][key as keyof (typeof BUILTIN_TEXTS)['en']]);
    }
  });

  it('with the close label of the greetings chunk, is the built-in table', () => {
    for (const locale of LOCALES) expect(GREETING_CLOSE[locale]).toBe(BUILTIN_TEXTS[locale]['greeting.close']);
  });
});

describe('resolveText', () => {
  it('uses the built-in text, then the last layer that overrides it', () => {
    expect(resolveText('composer.send', 'ru', BUILTIN_TEXTS, [])).toBe('Отправить');
    const project = { ru: { 'composer.send': 'Послать' } };
    const api = { ru: { 'composer.send': 'Жми' }, en: { 'composer.send': 'Go' } };
    expect(resolveText('composer.send', 'ru', BUILTIN_TEXTS, [project])).toBe('Послать');
    expect(resolveText('composer.send', 'ru', BUILTIN_TEXTS, [project, api])).toBe('Жми');
    expect(resolveText('composer.send', 'fr', BUILTIN_TEXTS, [project, api])).toBe('Envoyer');
  });

  it('gives an empty text for a key the loaded table does not have yet', () => {
    expect(resolveText('composer.send', 'en', WIDGET_LAUNCHER_TEXTS, [])).toBe('');
    expect(resolveText('launcher.open', 'en', WIDGET_LAUNCHER_TEXTS, [])).toBe('Open chat');
  });

  it('while a switched-to locale loads, a loaded full table stands in (never blank labels)', () => {
    const loading = { ...WIDGET_LAUNCHER_TEXTS, ru: BUILTIN_TEXTS.ru };
    expect(resolveText('composer.send', 'fr', loading, [])).toBe('Отправить');
    expect(resolveText('launcher.open', 'fr', loading, [])).toBe('Ouvrir le chat');
  });

  it('fills placeholders and leaves unknown ones', () => {
    expect(resolveText('chat.typing', 'en', BUILTIN_TEXTS, [], { name: 'Anna' })).toBe('Anna is typing…');
    expect(fillTemplate('{a} {b}', { a: 1 })).toBe('1 {b}');
  });
});

describe('parseTextsInput', () => {
  it('reads per-locale and flat input', () => {
    expect(parseTextsInput({ fr: { 'launcher.open': 'Parler' } })).toEqual({ layer: { fr: { 'launcher.open': 'Parler' } }, problems: [] });
    const flat = parseTextsInput({ 'launcher.open': 'Ask us' });
    expect(flat.layer.ru?.['launcher.open']).toBe('Ask us');
    expect(flat.layer.en?.['launcher.open']).toBe('Ask us');
    expect(flat.layer.fr?.['launcher.open']).toBe('Ask us');
  });

  it('reports malformed keys and bad values, keeping the good ones', () => {
    const r = parseTextsInput({ en: { 'launcher.open': 'Hi', 'no pe': 'x', 'composer.send': 5 } });
    expect(r.layer).toEqual({ en: { 'launcher.open': 'Hi' } });
    expect(r.problems).toEqual(['invalid text key "no pe"', 'text "composer.send" must be a string of at most 2000 characters']);
    expect(parseTextsInput(null).problems).toEqual(['texts must be an object']);
    expect(parseTextsInput([]).problems).toEqual(['texts must be an object']);
  });

  it('finds keys no built-in text has', () => {
    expect(unknownTextKeys({ en: { 'launcher.open': 'x', 'lanucher.open': 'y' }, fr: { 'lanucher.open': 'z', nope: 'n' } }, BUILTIN_TEXTS.en)).toEqual([
      'lanucher.open',
      'nope',
    ]);
  });
});
