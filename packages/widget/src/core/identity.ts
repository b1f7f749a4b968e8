import { isJwtIdentity, type Identity } from '@parley/protocol';
import { checkIdentity } from '../generated/validators-chat';
import { parse } from './check';
import { ANONYMOUS } from './storage';
import { identityShapeProblem } from './errors';

/** A JWT's claims, read without trusting them (the server verifies): for local bookkeeping only. */
export function jwtClaims(jwt: string): { sub?: unknown; exp?: unknown } {
  try {
    const part = jwt.split('.')[1] ?? '';
    return JSON.parse(
      atob(
        part
          .replace(/-/g, '+')
          .replace(/_/g, '/')
          .padEnd(Math.ceil(part.length / 4) * 4, '='),
      ),
    ) as { sub?: unknown };
  } catch {
    return {};
  }
}

/** The user id a JWT claims: only to keep each user's local data apart. */
function jwtSubject(jwt: string): string | null {
  const sub = jwtClaims(jwt).sub;
  return typeof sub === 'string' && sub.length > 0 ? sub : null;
}

/** Whose data a storage key belongs to: `anon`, or `u:<user id>` for a signed-in visitor. */
export function identityKey(identity: Identity | null): string {
  if (!identity) return ANONYMOUS;
  const id = isJwtIdentity(identity) ? jwtSubject(identity.jwt) : identity.id;
  return id ? `u:${id}` : ANONYMOUS;
}

/** Validates `identify()` input: `{ id, signature }` or `{ jwt }`, plus optional contact details. */
export function parseIdentity(input: unknown): { ok: true; identity: Identity } | { ok: false; reason: string } {
  const shape = identityShapeProblem(input);
  if (shape) return { ok: false, reason: shape };
  const r = parse(checkIdentity, input);
  if (!r.ok) return { ok: false, reason: `identify(): invalid ${r.path || 'identity'}` };
  return { ok: true, identity: r.value };
}
