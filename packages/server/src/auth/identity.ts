import { createHmac } from 'node:crypto';
import * as v from 'valibot';
import {
  JWT_PATTERN,
  SIGNATURE_PATTERN,
  USER_ID_PATTERN,
  VisitorProfileSchema,
  deriveIdentityKey,
  isJwtIdentity,
  type Identity,
  type VisitorProfile,
} from '@parley/protocol';
import { hmacHex, safeEqual } from '../util/crypto';

export type IdentityResult =
  /** `expiresAt` (epoch ms): when the proof stops being valid (JWT `exp`); null for HMAC proofs. */
  | { ok: true; userId: string; profile: VisitorProfile; expiresAt: number | null }
  | { ok: false; code: 'identity_invalid' | 'identity_expired'; reason: string };

const fail = (reason: string): IdentityResult => ({ ok: false, code: 'identity_invalid', reason });

/** The per-form keys of a project secret (protocol's rule, with node:crypto's HMAC). */
export function identityKeys(secret: string): { hmac: string; jwt: string } {
  return { hmac: deriveIdentityKey(secret, 'hmac', hmacHex), jwt: deriveIdentityKey(secret, 'jwt', hmacHex) };
}

/** HMAC form: lowercase hex HMAC-SHA256(id, the project's HMAC key). */
export function signUserId(secret: string, userId: string): string {
  return hmacHex(identityKeys(secret).hmac, userId);
}

function profileOf(src: Record<string, unknown>): VisitorProfile {
  const r = v.safeParse(VisitorProfileSchema, {
    name: typeof src.name === 'string' ? src.name : undefined,
    email: typeof src.email === 'string' ? src.email : undefined,
    phone: typeof src.phone === 'string' ? src.phone : undefined,
  });
  if (!r.success) return {};
  const out: VisitorProfile = {};
  if (r.output.name) out.name = r.output.name;
  if (r.output.email) out.email = r.output.email;
  if (r.output.phone) out.phone = r.output.phone;
  return out;
}

function decodeJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * HS256 JWT with `sub` and `exp`. Only HS256 is accepted: `none`, RS256 (key confusion) and anything
 * else are refused before the signature is even computed. The signature is checked before `exp`,
 * so an expired but forged token reads as invalid, not expired.
 */
export function verifyJwt(jwtKey: string, jwt: string, nowMs: number): IdentityResult {
  if (!JWT_PATTERN.test(jwt)) return fail('malformed jwt');
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = decodeJson(h);
  if (!header || header.alg !== 'HS256') return fail('alg must be HS256');
  if (header.typ !== undefined && header.typ !== 'JWT') return fail('typ must be JWT');
  const expected = createHmac('sha256', jwtKey).update(`${h}.${p}`).digest('base64url');
  if (!safeEqual(expected, s)) return fail('bad signature');
  const payload = decodeJson(p);
  if (!payload) return fail('bad payload');
  const { sub, exp } = payload;
  if (typeof sub !== 'string' || !USER_ID_PATTERN.test(sub)) return fail('sub missing or invalid');
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return fail('exp missing');
  if (typeof payload.nbf === 'number' && payload.nbf * 1000 > nowMs + 60_000) return fail('not yet valid');
  if (exp * 1000 <= nowMs) return { ok: false, code: 'identity_expired', reason: 'expired' };
  return { ok: true, userId: sub, profile: profileOf(payload), expiresAt: exp * 1000 };
}

/**
 * Checks a visitor's proof of identity against the project secret: each form with its own derived
 * key, so a signature made for one form never passes in the other. Pure; never throws.
 */
export function verifyIdentity(secret: string, identity: Identity, nowMs: number): IdentityResult {
  const keys = identityKeys(secret);
  if (isJwtIdentity(identity)) {
    const r = verifyJwt(keys.jwt, identity.jwt, nowMs);
    if (!r.ok) return r;
    // Profile fields sent beside the JWT fill gaps; the signed claims win.
    return { ...r, profile: { ...profileOf(identity), ...r.profile } };
  }
  if (!USER_ID_PATTERN.test(identity.id)) return fail('invalid id');
  const sig = identity.signature;
  if (typeof sig !== 'string' || sig.length === 0) return fail('missing signature');
  if (!SIGNATURE_PATTERN.test(sig)) return fail('malformed signature');
  if (!safeEqual(hmacHex(keys.hmac, identity.id), sig)) return fail('wrong signature');
  return { ok: true, userId: identity.id, profile: profileOf(identity), expiresAt: null };
}

/** Builds an HS256 JWT with the given key (tests; site owners sign on their back end with the JWT key). */
export function signJwt(jwtKey: string, payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const h = Buffer.from(JSON.stringify(header)).toString('base64url');
  const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const s = createHmac('sha256', jwtKey).update(`${h}.${p}`).digest('base64url');
  return `${h}.${p}.${s}`;
}

/**
 * Checks a proof against every secret the project accepts now (the current one and, after a
 * rotation, the previous one until it is revoked or expires). Valid with any is valid; otherwise
 * an expired-but-genuine JWT reads as expired, anything else as invalid.
 */
export function verifyIdentityWithAny(secrets: readonly string[], identity: Identity, nowMs: number): IdentityResult {
  let expired: IdentityResult | null = null;
  let last: IdentityResult = fail('no secret');
  for (const secret of secrets) {
    const r = verifyIdentity(secret, identity, nowMs);
    if (r.ok) return r;
    if (r.code === 'identity_expired') expired = r;
    else last = r;
  }
  return expired ?? last;
}
