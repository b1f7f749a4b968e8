import { describe, expect, it, vi } from 'vitest';
import type { Identity } from '@parley/protocol';
import type { IdentifyCallback } from '../types';
import { jwtExpiry, refresh, refreshDelay } from './signed-in';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (claims: object) => `${b64({ alg: 'HS256' })}.${b64(claims)}.sig`;
const SIG = 'ab'.repeat(32);

describe('jwtExpiry', () => {
  it("reads a JWT's exp in epoch ms, null without a usable one", () => {
    expect(jwtExpiry(jwt({ sub: 'u', exp: 1_700_000_000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiry(jwt({ sub: 'u' }))).toBeNull();
    expect(jwtExpiry(jwt({ exp: '1700000000' }))).toBeNull();
    expect(jwtExpiry('not-a-jwt')).toBeNull();
  });
});

describe('refreshDelay', () => {
  const now = 1_700_000_000_000;
  const withLife = (ms: number): Identity => ({ jwt: jwt({ sub: 'u', exp: (now + ms) / 1000 }) });
  it('asks a minute before the end; half-way for short-lived proofs, never sooner than a second', () => {
    expect(refreshDelay(withLife(600_000), now)).toBe(540_000);
    expect(refreshDelay(withLife(4000), now)).toBe(2000);
    expect(refreshDelay(withLife(-5000), now)).toBe(1000);
  });
  it('never for anonymous, HMAC or exp-less identities, nor beyond a timer’s reach', () => {
    expect(refreshDelay(null, now)).toBeNull();
    expect(refreshDelay({ id: 'u', signature: SIG }, now)).toBeNull();
    expect(refreshDelay({ jwt: jwt({ sub: 'u' }) }, now)).toBeNull();
    expect(refreshDelay(withLife(60 * 86_400_000), now)).toBeNull();
  });
});

describe('refresh', () => {
  const deps = (ask?: () => Promise<unknown>, who = 'u:ann') => {
    const logout = vi.fn(async () => undefined);
    const switchTo = vi.fn(async (_: Identity) => undefined);
    const goOn = vi.fn((_: Identity) => undefined);
    return { run: () => refresh(ask as IdentifyCallback | undefined, () => who, logout, switchTo, goOn), logout, switchTo, goOn };
  };
  it('the same user goes on with the fresh proof; another user is a switch; null signs out', async () => {
    const same = deps(async () => ({ jwt: jwt({ sub: 'ann' }) }));
    expect(await same.run()).toBe(true);
    expect(same.goOn).toHaveBeenCalledWith({ jwt: jwt({ sub: 'ann' }) });
    expect(same.switchTo).not.toHaveBeenCalled();

    const other = deps(async () => ({ id: 'bob', signature: SIG }));
    expect(await other.run()).toBe(true);
    expect(other.switchTo).toHaveBeenCalledWith({ id: 'bob', signature: SIG });
    expect(other.goOn).not.toHaveBeenCalled();

    const out = deps(async () => null);
    expect(await out.run()).toBe(true);
    expect(out.logout).toHaveBeenCalledOnce();
  });
  it('false without a callback, when it throws, or when it gives nothing usable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const ask of [undefined, () => Promise.reject(new Error('down')), async () => ({ id: 'bob' })]) {
      const d = deps(ask);
      expect(await d.run()).toBe(false);
      expect(d.goOn).not.toHaveBeenCalled();
      expect(d.switchTo).not.toHaveBeenCalled();
      expect(d.logout).not.toHaveBeenCalled();
    }
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
