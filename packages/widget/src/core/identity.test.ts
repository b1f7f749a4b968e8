import { describe, expect, it } from 'vitest';
import { identityKey, parseIdentity } from './identity';
import { forgetIdentity, keys, memoryStorage } from './storage';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('identityKey', () => {
  it('separates anonymous and signed-in visitors', () => {
    expect(identityKey(null)).toBe('anon');
    expect(identityKey({ id: 'user-42', signature: 'a'.repeat(64) })).toBe('u:user-42');
    expect(identityKey({ jwt: `${b64({ alg: 'HS256' })}.${b64({ sub: 'user-7', exp: 1 })}.sig` })).toBe('u:user-7');
    expect(identityKey({ jwt: 'a.b.c' })).toBe('anon');
  });
});

describe('parseIdentity', () => {
  it('accepts the HMAC and JWT forms', () => {
    expect(parseIdentity({ id: 'user-42', signature: 'ab'.repeat(32), name: ' Ann ' })).toEqual({
      ok: true,
      identity: { id: 'user-42', signature: 'ab'.repeat(32), name: 'Ann' },
    });
    expect(parseIdentity({ jwt: 'a.b.c' }).ok).toBe(true);
  });

  it('refuses a claimed id without a signature and names bad fields', () => {
    expect(parseIdentity({ id: 'user-42' })).toEqual({ ok: false, reason: 'identify() needs { id, signature } (signed on your server) or { jwt }' });
    expect(parseIdentity('user-42').ok).toBe(false);
    expect(parseIdentity(null).ok).toBe(false);
    expect(parseIdentity({ id: 'has space', signature: 'x' })).toEqual({ ok: false, reason: 'identify(): invalid id' });
  });
});

describe('forgetIdentity', () => {
  it('drops token, outbox and history of that identity only', async () => {
    const s = memoryStorage();
    for (const who of ['u:1', 'anon']) {
      await s.set(keys.token('demo', who), 't');
      await s.set(keys.outbox('demo', who), []);
      await s.set(keys.history('demo', who), {});
    }
    await forgetIdentity(s, 'demo', 'u:1');
    expect(await s.get(keys.token('demo', 'u:1'))).toBeUndefined();
    expect(await s.get(keys.outbox('demo', 'u:1'))).toBeUndefined();
    expect(await s.get(keys.history('demo', 'u:1'))).toBeUndefined();
    expect(await s.get(keys.token('demo', 'anon'))).toBe('t');
  });
});
