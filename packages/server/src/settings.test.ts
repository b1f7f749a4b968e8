import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ProjectSettingsSchema, PublicConfigSchema } from '@parley/protocol';
import { configVersion, defaultProjectSettings, parseStoredSettings, publicConfig } from './settings';

describe('project settings', () => {
  it('defaults are valid and keep history for 365 days', () => {
    const s = defaultProjectSettings('shop', 'Shop');
    expect(v.is(ProjectSettingsSchema, s)).toBe(true);
    expect(s.retentionDays).toBe(365);
    expect(s.attachments.limits.image).toBe(5 * 1024 * 1024);
  });
  it('the public config leaves out retention and CRM fields', () => {
    const s = { ...defaultProjectSettings('shop', 'Shop'), crmFields: [{ key: 'source', value: 'chat' }] };
    const c = publicConfig(s);
    expect(v.is(PublicConfigSchema, c)).toBe(true);
    expect(c).not.toHaveProperty('retentionDays');
    expect(c).not.toHaveProperty('crmFields');
  });
  it('the config version changes with the public config and the knowledge base locales only', () => {
    const s = defaultProjectSettings('shop', 'Shop');
    const a = configVersion(publicConfig(s), []);
    expect(configVersion(publicConfig({ ...s, retentionDays: 30 }), [])).toBe(a);
    expect(configVersion(publicConfig({ ...s, appearance: { ...s.appearance, color: '#000000' } }), [])).not.toBe(a);
    expect(configVersion(publicConfig(s), ['fr'])).not.toBe(a);
  });
  it('stored settings from an older version are completed from the defaults; the row wins for id and name', () => {
    const partial = JSON.stringify({ retentionDays: 30, project: 'evil', name: 'Evil' });
    const s = parseStoredSettings(partial, 'shop', 'Shop');
    expect(s).toMatchObject({ project: 'shop', name: 'Shop', retentionDays: 30 });
  });
});
