import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { identityKeys, signJwt, signUserId, verifyIdentity, verifyIdentityWithAny, verifyJwt } from './identity';

const SECRET = 'project-secret-for-tests';
const KEYS = identityKeys(SECRET);
const NOW = 1_800_000_000_000;
const exp = (s: number) => Math.floor(NOW / 1000) + s;

describe('HMAC identity', () => {
  it('accepts the lowercase hex HMAC-SHA256 of the id', () => {
    const sig = signUserId(SECRET, 'user-42');
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyIdentity(SECRET, { id: 'user-42', signature: sig, name: 'Anna' }, NOW)).toEqual({
      ok: true,
      userId: 'user-42',
      profile: { name: 'Anna' },
      expiresAt: null,
    });
    // The documented recipe: HMAC-SHA256 of the id with the HMAC key shown in the console.
    expect(sig).toBe(createHmac('sha256', KEYS.hmac).update('user-42').digest('hex'));
  });
  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['uppercase hex', signUserId(SECRET, 'user-42').toUpperCase()],
    ['another id', signUserId(SECRET, 'user-43')],
    ['another secret', signUserId('other', 'user-42')],
    ['truncated', signUserId(SECRET, 'user-42').slice(0, 63)],
    ['one char changed', `${signUserId(SECRET, 'user-42').slice(0, 63)}${signUserId(SECRET, 'user-42').endsWith('0') ? '1' : '0'}`],
  ])('refuses a %s signature', (_n, signature) => {
    const r = verifyIdentity(SECRET, signature === undefined ? { id: 'user-42' } : { id: 'user-42', signature }, NOW);
    expect(r).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
});

describe('JWT identity', () => {
  it('accepts HS256 with sub and a future exp, with profile claims', () => {
    const jwt = signJwt(KEYS.jwt, { sub: 'u1', exp: exp(60), name: 'Иван', email: 'i@example.com' });
    expect(verifyIdentity(SECRET, { jwt }, NOW)).toEqual({
      ok: true,
      userId: 'u1',
      profile: { name: 'Иван', email: 'i@example.com' },
      expiresAt: exp(60) * 1000,
    });
  });
  it('expired is identity_expired; forged-and-expired is identity_invalid', () => {
    expect(verifyJwt(KEYS.jwt, signJwt(KEYS.jwt, { sub: 'u1', exp: exp(-1) }), NOW)).toMatchObject({ ok: false, code: 'identity_expired' });
    expect(verifyJwt(KEYS.jwt, signJwt('x', { sub: 'u1', exp: exp(-1) }), NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    // exp exactly now is expired.
    expect(verifyJwt(KEYS.jwt, signJwt(KEYS.jwt, { sub: 'u1', exp: NOW / 1000 }), NOW)).toMatchObject({ code: 'identity_expired' });
  });
  it.each([
    ['alg none', { alg: 'none' }],
    ['alg HS512', { alg: 'HS512' }],
    ['alg RS256', { alg: 'RS256' }],
    ['no alg', { typ: 'JWT' }],
  ])('refuses %s', (_n, header) => {
    expect(verifyJwt(KEYS.jwt, signJwt(KEYS.jwt, { sub: 'u1', exp: exp(60) }, header), NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
  it.each([
    ['no sub', { exp: exp(60) }],
    ['numeric sub', { sub: 42, exp: exp(60) }],
    ['sub with spaces', { sub: 'a b', exp: exp(60) }],
    ['no exp', { sub: 'u1' }],
    ['string exp', { sub: 'u1', exp: String(exp(60)) }],
    ['not yet valid', { sub: 'u1', exp: exp(600), nbf: exp(300) }],
  ])('refuses a payload with %s', (_n, payload) => {
    expect(verifyJwt(KEYS.jwt, signJwt(KEYS.jwt, payload), NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
  it('refuses garbage and tampered payloads', () => {
    expect(verifyJwt(KEYS.jwt, 'a.b', NOW).ok).toBe(false);
    expect(verifyJwt(KEYS.jwt, 'a.b.c', NOW).ok).toBe(false);
    const [h, , s] = signJwt(KEYS.jwt, { sub: 'u1', exp: exp(60) }).split('.');
    const p = Buffer.from(JSON.stringify({ sub: 'admin', exp: exp(60) })).toString('base64url');
    expect(verifyJwt(KEYS.jwt, `${h}.${p}.${s}`, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
});

describe('the two forms cannot stand in for each other (key confusion)', () => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  it('an HMAC signature of a "header.payload" id is not a JWT signature', () => {
    // A site that signs user-chosen ids (user names) signs this one for the attacker...
    const signingInput = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice', exp: exp(600) })}`;
    const hex = signUserId(SECRET, signingInput);
    // ...who turns the hex signature into a JWT for alice.
    const forged = `${signingInput}.${Buffer.from(hex, 'hex').toString('base64url')}`;
    expect(verifyIdentity(SECRET, { jwt: forged }, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
    // With one key for both forms (before issue 9) the same forgery verified:
    const oneKey = `${signingInput}.${createHmac('sha256', SECRET).update(signingInput).digest('base64url')}`;
    expect(verifyJwt(SECRET, oneKey, NOW)).toMatchObject({ ok: true, userId: 'alice' });
  });
  it('a JWT signature is not an HMAC signature of its signing input', () => {
    const jwt = signJwt(KEYS.jwt, { sub: 'bob', exp: exp(600) });
    const [h, p, sig] = jwt.split('.') as [string, string, string];
    const asHex = Buffer.from(sig, 'base64url').toString('hex');
    expect(verifyIdentity(SECRET, { id: `${h}.${p}`, signature: asHex }, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
  it('keys are per form and per secret, and tell which form they are for', () => {
    expect(KEYS.hmac).toMatch(/^hmac_[0-9a-f]{64}$/);
    expect(KEYS.jwt).toMatch(/^jwt_[0-9a-f]{64}$/);
    expect(KEYS.hmac.slice(5)).not.toBe(KEYS.jwt.slice(4));
    expect(identityKeys('another secret').hmac).not.toBe(KEYS.hmac);
    // Signing with the raw secret, or with the other form's key, is refused.
    expect(verifyIdentity(SECRET, { id: 'u', signature: createHmac('sha256', SECRET).update('u').digest('hex') }, NOW).ok).toBe(false);
    expect(verifyIdentity(SECRET, { id: 'u', signature: createHmac('sha256', KEYS.jwt).update('u').digest('hex') }, NOW).ok).toBe(false);
    expect(verifyIdentity(SECRET, { jwt: signJwt(KEYS.hmac, { sub: 'u', exp: exp(60) }) }, NOW).ok).toBe(false);
  });
});

describe('several live secrets (rotation)', () => {
  const OLD = 'previous-secret';
  it('a proof made with any of them verifies', () => {
    expect(verifyIdentityWithAny([SECRET, OLD], { id: 'u1', signature: signUserId(OLD, 'u1') }, NOW)).toMatchObject({ ok: true, userId: 'u1' });
    expect(verifyIdentityWithAny([SECRET, OLD], { jwt: signJwt(KEYS.jwt, { sub: 'u1', exp: exp(60) }) }, NOW)).toMatchObject({ ok: true });
  });
  it('none of them: invalid; a genuine but expired JWT: expired, whichever secret made it', () => {
    expect(verifyIdentityWithAny([SECRET, OLD], { id: 'u1', signature: signUserId('other', 'u1') }, NOW)).toMatchObject({
      ok: false,
      code: 'identity_invalid',
    });
    expect(verifyIdentityWithAny([SECRET, OLD], { jwt: signJwt(identityKeys(OLD).jwt, { sub: 'u1', exp: exp(-60) }) }, NOW)).toMatchObject({
      ok: false,
      code: 'identity_expired',
    });
    expect(verifyIdentityWithAny([], { id: 'u1', signature: signUserId(SECRET, 'u1') }, NOW)).toMatchObject({ ok: false, code: 'identity_invalid' });
  });
});
