import { describe, expect, it } from 'vitest';
import { LOCALES } from '@parley/protocol';
import { createI18n, interpolate, pickLocale } from './i18n';
import { en } from './en';
import { ru } from './ru';
import { fr } from './fr';

const TABLES = { en, ru, fr } as const;

describe('i18n tables', () => {
  const keys = Object.keys(TABLES.en).sort();
  it('have the same keys in every language', () => {
    for (const l of LOCALES) expect(Object.keys(TABLES[l]).sort()).toEqual(keys);
  });
  it('have no empty texts and keep the placeholders of the English text', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const l of LOCALES) {
      for (const k of keys) {
        const text = (TABLES[l] as Record<string, string>)[k]!;
        expect(text.trim(), `${l}:${k}`).not.toBe('');
        expect(placeholders(text), `${l}:${k}`).toEqual(placeholders((TABLES.en as Record<string, string>)[k]!));
      }
    }
  });
});

describe('pickLocale', () => {
  it('prefers the stored choice, then the browser languages, then English', () => {
    expect(pickLocale('fr', ['ru-RU'])).toBe('fr');
    expect(pickLocale(null, ['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(pickLocale('xx', ['fr-CA'])).toBe('fr');
    expect(pickLocale(null, ['de', 'es'])).toBe('en');
  });
});

describe('createI18n', () => {
  it('translates, interpolates and remembers the choice', async () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const i18n = createI18n({ storage, languages: ['ru'] });
    await i18n.ready;
    expect(i18n.locale.value).toBe('ru');
    expect(i18n.t('typing.operator', { name: 'Анна' })).toBe('Анна печатает…');
    await i18n.setLocale('fr');
    expect(i18n.t('action.reopen')).toBe('Rouvrir');
    const again = createI18n({ storage, languages: ['ru'] });
    await again.ready;
    expect(again.locale.value).toBe('fr');
  });
  it('leaves unknown placeholders visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
  it('works when storage throws', async () => {
    const storage = {
      getItem: () => {
        throw new Error('blocked');
      },
      setItem: () => {
        throw new Error('blocked');
      },
    };
    const i18n = createI18n({ storage, languages: ['en'] });
    await i18n.setLocale('ru');
    expect(i18n.locale.value).toBe('ru');
  });
});
