import { describe, expect, it } from 'vitest';
import { defaultSchedule } from '@parley/protocol';
import { mergeSettings, optionsFromDataset, readOptions } from './options';

describe('readOptions', () => {
  it('accepts a full set of valid options', () => {
    const { settings, problems } = readOptions({
      project: 'demo',
      server: 'https://chat.example.com/some/path',
      name: 'support',
      locale: 'fr',
      texts: { fr: { 'launcher.open': 'Parler' } },
      pageFilter: '/pricing, !/blog/*',
      devices: ['desktop', 'tablet'],
      schedule: defaultSchedule(),
      offlineForm: false,
      appearance: { color: '#112233', position: 'bottom-left' },
      launcher: false,
      goals: { open: { gtag: 'chat_open', ym: { counter: 12345678, goal: 'chat_open' }, dataLayer: 'chat_open' } },
      app: { platform: 'android', version: '3.2.1' },
      nonce: 'abc123==',
    });
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      project: 'demo',
      server: 'https://chat.example.com',
      pageFilter: { enabled: true, rules: '/pricing, !/blog/*' },
      devices: ['desktop', 'tablet'],
      appearance: { color: '#112233', position: 'bottom-left' },
      goals: { open: { gtag: 'chat_open' } },
    });
  });

  it('drops and reports each bad field, keeping the good ones', () => {
    const { settings, problems } = readOptions({
      project: 'Bad Project!',
      locale: 'de',
      devices: ['fridge'],
      appearance: { color: 'red', position: 'bottom-left' },
      goals: { open: { gtag: 'x' }, explode: { gtag: 'y' }, close: { ym: { counter: 'x' } } },
      server: 'javascript:alert(1)',
      colour: '#fff',
      launcher: true,
    });
    expect(settings).toEqual({ launcher: true });
    expect(problems).toEqual([
      'invalid option "project"',
      'invalid option "locale"',
      'invalid option "devices.0"',
      'invalid option "appearance.color"',
      'invalid option "goals.explode"',
      'invalid option "server"',
      'unknown option "colour"',
    ]);
  });

  it('reads pageFilter as a string, false, or the settings object', () => {
    expect(readOptions({ pageFilter: false }).settings.pageFilter).toEqual({ enabled: false, rules: '' });
    expect(readOptions({ pageFilter: { enabled: true, rules: '/a' } }).settings.pageFilter).toEqual({ enabled: true, rules: '/a' });
    expect(readOptions({ pageFilter: 5 }).problems).toEqual(['invalid option "pageFilter"']);
  });

  it('refuses non-objects and does not read inherited keys', () => {
    expect(readOptions('demo').problems).toEqual(['options must be an object']);
    expect(readOptions(undefined)).toEqual({ settings: {}, problems: [] });
    expect(readOptions(JSON.parse('{"__proto__": {"project": "x"}, "toString": 1}')).settings).toEqual({});
  });
});

describe('mergeSettings', () => {
  it('lets later settings win and merges appearance, goals and texts', () => {
    const a = readOptions({
      project: 'one',
      appearance: { color: '#000000' },
      texts: { en: { 'launcher.open': 'A' } },
      goals: { open: { gtag: 'o' } },
    }).settings;
    const b = readOptions({
      project: 'two',
      appearance: { position: 'bottom-left' },
      texts: { en: { 'composer.send': 'B' } },
      goals: { close: { gtag: 'c' } },
    }).settings;
    expect(mergeSettings(a, b)).toEqual({
      project: 'two',
      appearance: { color: '#000000', position: 'bottom-left' },
      texts: { en: { 'launcher.open': 'A', 'composer.send': 'B' } },
      goals: { open: { gtag: 'o' }, close: { gtag: 'c' } },
    });
  });
});

describe('optionsFromDataset', () => {
  it('maps the no-code data attributes', () => {
    expect(optionsFromDataset({ project: 'demo', locale: 'en', color: '#ff0000', position: 'bottom-left', zIndex: '10', launcher: 'false' })).toEqual({
      project: 'demo',
      locale: 'en',
      appearance: { color: '#ff0000', position: 'bottom-left', zIndex: 10 },
      launcher: false,
    });
  });
});
