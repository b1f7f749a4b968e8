import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { IdentitySchema, isJwtIdentity, SIGNATURE_PATTERN, UserIdSchema, deriveIdentityKey } from './identity';

describe('identity format', () => {
  it('accepts the HMAC and JWT forms and tells them apart', () => {
    const h = v.parse(IdentitySchema, { id: 'user-42', signature: 'a'.repeat(64), name: ' Иван ' });
    expect(isJwtIdentity(h)).toBe(false);
    expect(h.name).toBe('Иван');
    const j = v.parse(IdentitySchema, { jwt: 'x.y.z' });
    expect(isJwtIdentity(j)).toBe(true);
  });
  it.each([
    ['', false],
    ['a b', false],
    ['x'.repeat(129), false],
    ['x'.repeat(128), true],
    ['user@example.com', true],
    ['ид', false],
  ])('user id %j valid=%s', (id, ok) => expect(v.safeParse(UserIdSchema, id).success).toBe(ok));
  it('documents signatures as lowercase hex of 64 digits', () => {
    expect(SIGNATURE_PATTERN.test('0123456789abcdef'.repeat(4))).toBe(true);
    expect(SIGNATURE_PATTERN.test('0123456789ABCDEF'.repeat(4))).toBe(false);
    expect(SIGNATURE_PATTERN.test('0'.repeat(63))).toBe(false);
  });
  it('refuses an identity that is neither form', () => {
    expect(v.safeParse(IdentitySchema, { name: 'x' }).success).toBe(false);
    expect(v.safeParse(IdentitySchema, 'user-42').success).toBe(false);
  });
});

describe('deriveIdentityKey', () => {
  it('keys each form apart: prefix + HMAC of a per-use label under the project secret', () => {
    const calls: [string, string][] = [];
    const fakeHmac = (key: string, data: string) => {
      calls.push([key, data]);
      return `<${data.length}>`;
    };
    expect(deriveIdentityKey('s3cret', 'hmac', fakeHmac)).toBe('hmac_<28>');
    expect(deriveIdentityKey('s3cret', 'jwt', fakeHmac)).toBe('jwt_<27>');
    expect(calls).toEqual([
      ['s3cret', 'parley identity key v1: hmac'],
      ['s3cret', 'parley identity key v1: jwt'],
    ]);
  });
});
