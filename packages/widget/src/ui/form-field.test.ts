import { afterEach, describe, expect, it, vi } from 'vitest';
import { settingsOf } from './form-field';
import { checkOfflineForm, checkPreChat } from '../generated/validators-forms';
import { testConfig } from '../core/test-config';

describe('settingsOf (the forms check their part of the config where they read it)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the checked settings of a valid part (unknown keys dropped)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const raw = { ...testConfig().offlineForm, extra: true };
    expect(settingsOf(checkOfflineForm, 'offlineForm', raw)).toEqual(testConfig().offlineForm);
    expect(warn).not.toHaveBeenCalled();
  });

  it('gives null for a bad part and reports it once, naming the field', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const raw = { ...testConfig().preChat, fields: { name: 'maybe', email: 'off', phone: 'off' } };
    expect(settingsOf(checkPreChat, 'preChat', raw)).toBeNull();
    expect(settingsOf(checkPreChat, 'preChat', raw)).toBeNull();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('Parley: config failed validation at preChat.fields.name');
    expect(settingsOf(checkPreChat, 'preChat', undefined)).toBeNull();
    expect(warn).toHaveBeenLastCalledWith('Parley: config failed validation at preChat');
  });
});
