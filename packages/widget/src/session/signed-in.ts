import { isJwtIdentity, type Identity } from '@parley/protocol';
import type { IdentifyCallback } from '../types';
import { identityKey, jwtClaims, parseIdentity } from '../core/identity';
import { warn } from '../core/warn';

/**
 * What only a signed-in visitor needs, a chunk of its own loaded once the server has verified one
 * here (session/index.ts), or by an expired proof: the claim on this device, and asking the page for
 * a fresh JWT. An anonymous visitor never loads it; a signed-in one after the welcome, when nothing waits for it.
 */
export { claimDevice } from './device-users';

/** A fresh JWT is asked for this long before the current one's exp. */
const REFRESH_BEFORE_MS = 60_000;
const MAX_TIMER_MS = 2_147_483_647;

/** When a JWT says it expires (epoch ms): when to ask the page for a fresh one. */
export function jwtExpiry(jwt: string): number | null {
  const exp = jwtClaims(jwt).exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
}

/** How long until the page is asked for a fresh proof; null for never (no JWT, no exp, beyond a timer's reach). */
export function refreshDelay(identity: Identity | null, now: number): number | null {
  const exp = identity && isJwtIdentity(identity) ? jwtExpiry(identity.jwt) : null;
  if (exp === null) return null;
  const left = exp - now;
  // A minute before the end; for short-lived proofs, half-way (never a tight loop).
  const ms = Math.max(left - REFRESH_BEFORE_MS, left / 2, 1000);
  return ms < MAX_TIMER_MS ? ms : null;
}

/**
 * Asks the page for a fresh proof through the `identify` option. The same user continues on it
 * (`goOn`: reconnecting now, before the old proof ends); another user is a switch; null signs out.
 * False when there is no callback or it gave nothing usable.
 */
export async function refresh(
  ask: IdentifyCallback | undefined,
  who: () => string,
  logout: () => Promise<void>,
  switchTo: (next: Identity) => Promise<void>,
  goOn: (next: Identity) => void,
): Promise<boolean> {
  if (!ask) return false;
  let input: unknown;
  try {
    input = await ask();
  } catch (e) {
    warn(`identify callback failed: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
  if (input === null) {
    await logout();
    return true;
  }
  const r = parseIdentity(input);
  if (!r.ok) {
    warn(r.reason);
    return false;
  }
  if (identityKey(r.identity) !== who()) await switchTo(r.identity);
  else goOn(r.identity);
  return true;
}
