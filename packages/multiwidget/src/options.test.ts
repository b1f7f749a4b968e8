import { describe, it, expect } from 'vitest';
import { readOptions } from './options';

describe('readOptions', () => {
  it('keeps valid fields and reports the rest, one by one', () => {
    const warnings: string[] = [];
    const o = readOptions(
      {
        project: 'demo',
        server: 'https://chat.example.com',
        locale: 'fr',
        colour: 'red',
        goals: { 'channel:click': { ym: { counter: 42, goal: 'mw_{channel}' }, gtag: 'contact_{channel}' }, open: { dataLayer: 'mw_open' } },
      },
      (m) => warnings.push(m),
    );
    expect(o).toEqual({
      project: 'demo',
      server: 'https://chat.example.com',
      locale: 'fr',
      goals: { 'channel:click': { ym: { counter: 42, goal: 'mw_{channel}' }, gtag: 'contact_{channel}' }, open: { dataLayer: 'mw_open' } },
    });
    expect(warnings).toEqual(['init: invalid or unknown option "colour"']);
  });
  it.each([
    ['project', 'Demo Project'],
    ['server', 'javascript:alert(1)'],
    ['server', 'https://chat.example.com/path'],
    ['locale', 'de'],
    ['goals', 'x'],
    ['goals', { open: { ym: { counter: '42', goal: 'x' } } }],
    ['goals', { open: { gtag: '' } }],
  ])('refuses %s = %j', (key, value) => {
    const warnings: string[] = [];
    expect(readOptions({ [key]: value }, (m) => warnings.push(m))).toEqual({});
    expect(warnings).toHaveLength(1);
  });
  it('accepts nothing and reports a non-object', () => {
    const warnings: string[] = [];
    expect(readOptions(undefined, (m) => warnings.push(m))).toEqual({});
    expect(readOptions('demo', (m) => warnings.push(m))).toEqual({});
    expect(warnings).toEqual(['init: options must be an object']);
  });
  it('reads data attributes the same way (strings only)', () => {
    expect(readOptions({ project: 'demo', locale: 'ru' }, () => undefined)).toEqual({ project: 'demo', locale: 'ru' });
  });
});
