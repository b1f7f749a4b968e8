import { describe, expect, it } from 'vitest';
import { LOCALES } from '../locales';
import { defaultTexts, isTextId, unknownTextIds } from './text-ids';

describe('text ids', () => {
  it('knows the widget and multiwidget texts, in every locale', () => {
    expect(isTextId('composer.send')).toBe(true);
    expect(isTextId('multiwidget.button')).toBe(true);
    expect(isTextId('multiwidget.callback.title')).toBe(true);
    expect(isTextId('launcher.label')).toBe(false);
    const ids = Object.keys(defaultTexts('en')).sort();
    for (const l of LOCALES) expect(Object.keys(defaultTexts(l)).sort()).toEqual(ids);
  });

  it('names the unknown overrides', () => {
    expect(unknownTextIds({ en: { 'composer.send': 'Go', 'no.such': 'x' }, fr: { toString: 'x' } })).toEqual(['en.no.such', 'fr.toString']);
  });
});
