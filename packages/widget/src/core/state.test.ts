import { describe, expect, it } from 'vitest';
import { createState } from './state';
import { testConfig } from './test-config';
import { WIDGET_TEXTS as BUILTIN_TEXTS } from '@parley/protocol';
import { pageAllowed } from './page-rules';

describe('createState', () => {
  it('is invisible until the config arrives', () => {
    const s = createState({ url: 'https://shop.example.com/', device: 'desktop' });
    expect(s.visible.value).toBe(false);
    s.config.value = testConfig();
    expect(s.visible.value).toBe(true);
    expect(s.mode.value).toBe('chat');
  });

  it('applies the page filter of the config, overridden by init, live on url changes', () => {
    const s = createState({ url: 'https://shop.example.com/pricing', device: 'desktop' });
    s.config.value = testConfig({ pageFilter: { enabled: true, rules: '/pricing' } });
    // The page rules load only for a filter with entries: hidden until they decide.
    expect(s.visible.value).toBe(false);
    s.pageRules.value = pageAllowed;
    expect(s.visible.value).toBe(true);
    s.url.value = 'https://shop.example.com/blog';
    expect(s.visible.value).toBe(false);
    s.settings.value = { pageFilter: { enabled: true, rules: '*, !/pricing' } };
    expect(s.visible.value).toBe(true);
    s.url.value = 'https://shop.example.com/pricing';
    expect(s.visible.value).toBe(false);
    // Off or without entries, the filter needs no rules.
    s.pageRules.value = null;
    s.settings.value = { pageFilter: { enabled: true, rules: '  ' } };
    expect(s.visible.value).toBe(true);
    s.settings.value = { pageFilter: { enabled: false, rules: '/nowhere' } };
    expect(s.visible.value).toBe(true);
  });

  it('applies the device filter', () => {
    const s = createState({ url: 'https://x.example/', device: 'mobile' });
    s.config.value = testConfig({ devices: ['desktop'] });
    expect(s.visible.value).toBe(false);
    s.settings.value = { devices: ['mobile'] };
    expect(s.visible.value).toBe(true);
  });

  it('switches to the offline form or hides when nobody can answer', () => {
    const s = createState({ url: 'https://x.example/', device: 'desktop' });
    s.config.value = testConfig();
    s.presence.value = { operatorsOnline: false, scheduleOpen: true, nextChange: null };
    expect(s.mode.value).toBe('offline-form');
    expect(s.online.value).toBe(false);
    s.settings.value = { offlineForm: false };
    expect(s.mode.value).toBe('hidden');
    expect(s.visible.value).toBe(false);
    s.hasOpenDialog.value = true;
    expect(s.mode.value).toBe('chat');
    s.presence.value = { operatorsOnline: true, scheduleOpen: true, nextChange: null };
    s.hasOpenDialog.value = false;
    s.presence.value = { operatorsOnline: true, scheduleOpen: false, nextChange: null };
    expect(s.mode.value).toBe('hidden');
    s.scheduleOverride.value = true;
    expect(s.mode.value).toBe('chat');
  });

  it('hides on hide() and resolves texts from config overrides and setTexts', () => {
    const s = createState({ url: 'https://x.example/', device: 'desktop' });
    s.builtin.value = BUILTIN_TEXTS;
    s.config.value = testConfig({ texts: { defaultLocale: 'ru', overrides: { ru: { 'composer.send': 'Послать' } } } });
    expect(s.t.value('composer.send')).toBe('Послать');
    s.settings.value = { locale: 'en' };
    expect(s.t.value('composer.send')).toBe('Send');
    s.settings.value = { locale: 'ru', texts: { ru: { 'composer.send': 'Жми' } } };
    expect(s.t.value('composer.send')).toBe('Жми');
    s.hiddenByApi.value = true;
    expect(s.visible.value).toBe(false);
  });
});
