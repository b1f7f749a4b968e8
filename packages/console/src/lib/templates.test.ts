import { describe, expect, it } from 'vitest';
import type { Template } from '@parley/protocol';
import { insertTemplate, normalize, searchTemplates, shortcutAt, shortcutSuggestions } from './templates';

let n = 0;
function tpl(title: string, text: string, shortcut: string | null = null): Template {
  n++;
  return { id: `t${n}`, title, text, shortcut, createdAt: 0, updatedAt: 0 };
}
const greeting = tpl('Приветствие', 'Здравствуйте! Чем могу помочь?', 'hello');
const prices = tpl('Цены', 'Наш прайс-лист: ссылка на ёлки и окна', 'price');
const delivery = tpl('Livraison', 'La livraison est gratuite dès 50 €', 'livr');
const noShortcut = tpl('Прайс для опта', 'Опт от 100 шт.');
const all = [greeting, prices, delivery, noShortcut];

describe('normalize', () => {
  it('folds case, diacritics and ё', () => {
    expect(normalize('Ёлка Résumé')).toBe('елка resume');
  });
});

describe('searchTemplates', () => {
  it('finds by title and by words in the text', () => {
    expect(searchTemplates(all, 'цены')).toEqual([prices]);
    expect(searchTemplates(all, 'помочь')).toEqual([greeting]);
    expect(searchTemplates(all, 'gratuite')).toEqual([delivery]);
  });
  it('needs every query word, matches word starts, ignores case and ё', () => {
    expect(searchTemplates(all, 'прайс ЕЛКИ')).toEqual([prices]);
    expect(searchTemplates(all, 'айс')).toEqual([]);
    expect(searchTemplates(all, 'livraison gratuite')).toEqual([delivery]);
  });
  it('ranks title matches above text matches', () => {
    expect(searchTemplates(all, 'прайс')).toEqual([noShortcut, prices]);
  });
  it('returns everything for an empty query', () => {
    expect(searchTemplates(all, '  ')).toEqual(all);
  });
});

describe('shortcutAt', () => {
  it('sees a dot at the start or after a space', () => {
    expect(shortcutAt('.hel', 4)).toEqual({ start: 0, end: 4, query: 'hel' });
    expect(shortcutAt('Bonjour .li', 11)).toEqual({ start: 8, end: 11, query: 'li' });
    expect(shortcutAt('a\n.', 3)).toEqual({ start: 2, end: 3, query: '' });
  });
  it('ignores sentence dots, decimals and text after a space', () => {
    expect(shortcutAt('Merci.', 6)).toBeNull();
    expect(shortcutAt('1.5', 3)).toBeNull();
    expect(shortcutAt('.hello world', 12)).toBeNull();
    expect(shortcutAt('no dot', 6)).toBeNull();
  });
  it('uses only the text before the caret', () => {
    expect(shortcutAt('.pri and more', 4)).toEqual({ start: 0, end: 4, query: 'pri' });
  });
});

describe('shortcutSuggestions', () => {
  it('offers every template with a shortcut after a bare dot', () => {
    expect(shortcutSuggestions(all, '')).toEqual([greeting, prices, delivery]);
  });
  it('puts an exact shortcut first, then prefixes, then titles', () => {
    const pr = tpl('Pr', 'x', 'pr');
    expect(shortcutSuggestions([prices, pr, noShortcut], 'pr')).toEqual([pr, prices]);
    expect(shortcutSuggestions(all, 'прайс')).toEqual([noShortcut]);
  });
});

describe('insertTemplate', () => {
  it('replaces the query with the template text and puts the caret after it', () => {
    const text = 'Bonjour .li merci';
    const at = shortcutAt(text, 11)!;
    expect(insertTemplate(text, at, 'Livraison offerte')).toEqual({ text: 'Bonjour Livraison offerte merci', caret: 25 });
  });
});
