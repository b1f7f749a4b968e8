import { describe, it, expect } from 'vitest';
import { isPlausibleEmail, isPlausiblePhone, validateOfflineForm } from './offline-form';
import type { OfflineFormSettings } from './entities';

const settings: OfflineFormSettings = {
  enabled: true,
  fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' },
  requireContact: true,
};

describe('validateOfflineForm', () => {
  it('accepts a message with a phone or an email', () => {
    expect(validateOfflineForm(settings, { message: 'Перезвоните', phone: '+7 (495) 576-00-45' })).toEqual([]);
    expect(validateOfflineForm(settings, { message: 'Hi', email: 'a@b.co' })).toEqual([]);
  });
  it('requires a contact when asked to', () => {
    expect(validateOfflineForm(settings, { message: 'Hi' })).toEqual([{ field: 'contact', problem: 'contact_required' }]);
    expect(validateOfflineForm({ ...settings, requireContact: false }, { message: 'Hi' })).toEqual([]);
  });
  it('reports required and invalid fields', () => {
    expect(validateOfflineForm(settings, { message: '  ', email: 'nope' })).toEqual([
      { field: 'email', problem: 'invalid' },
      { field: 'message', problem: 'required' },
    ]);
  });
  it('ignores fields switched off, and a contact rule with no contact field shown', () => {
    const off: OfflineFormSettings = { ...settings, fields: { name: 'off', phone: 'off', email: 'off', message: 'required' } };
    expect(validateOfflineForm(off, { message: 'x', email: 'garbage' })).toEqual([]);
  });
  it.each([
    ['+7 495 576 00 45', true],
    ['1234', false],
    ['12345', true],
    ['+1234567890123456', false],
    ['call me', false],
  ])('phone %j plausible=%s', (p, ok) => expect(isPlausiblePhone(p)).toBe(ok));
  it.each([
    ['a@b.co', true],
    ['a@b', false],
    ['a b@c.d', false],
    ['иван@почта.рф', true],
  ])('email %j plausible=%s', (e, ok) => expect(isPlausibleEmail(e)).toBe(ok));
});
