import * as v from 'valibot';
import { MAX_EMAIL_LENGTH, MAX_JWT_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, MAX_USER_ID_LENGTH } from './limits';

/**
 * Identity of a signed-in ("verified") visitor, for site owners.
 *
 * Your back end proves who the visitor is; the browser only carries the proof. Each form has its
 * own key (Console → Settings → Identity), derived from the project secret by `deriveIdentityKey`:
 *
 * 1. HMAC form: `{ id, signature }`, where `signature` is the lowercase hex HMAC-SHA256 of the
 *    UTF-8 `id`, keyed with the project's HMAC key (`hmac_…`):
 *      Node:  crypto.createHmac('sha256', hmacKey).update(id).digest('hex')
 *      PHP:   hash_hmac('sha256', $id, $hmacKey)
 *      Python: hmac.new(hmac_key.encode(), id.encode(), hashlib.sha256).hexdigest()
 * 2. JWT form: `{ jwt }`, an HS256 JWT signed with the project's JWT key (`jwt_…`) whose payload
 *    has `sub` (the user id, a string) and `exp` (seconds since the epoch). Other claims are
 *    ignored, except optional `name`, `email`, `phone` which fill the visitor card. A session
 *    opened with a JWT ends at its `exp`.
 *
 * The id is yours (a database key, not an email you might reuse): 1..128 printable characters.
 * Verification happens on the server only; a wrong, missing or expired proof is refused with
 * `identity_invalid` / `identity_expired` and the visitor receives nothing of that user.
 */
export const USER_ID_PATTERN = /^[\x21-\x7e]{1,128}$/;
export const SIGNATURE_PATTERN = /^[0-9a-f]{64}$/;
export const JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export const UserIdSchema = v.pipe(v.string(), v.maxLength(MAX_USER_ID_LENGTH), v.regex(USER_ID_PATTERN));
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));

/** Optional contact details shown on the visitor card. Never trusted as identity. */
const VISITOR_PROFILE_ENTRIES = {
  name: v.optional(text(MAX_NAME_LENGTH)),
  email: v.optional(text(MAX_EMAIL_LENGTH)),
  phone: v.optional(text(MAX_PHONE_LENGTH)),
};
export const VisitorProfileSchema = v.object(VISITOR_PROFILE_ENTRIES);
export type VisitorProfile = v.InferOutput<typeof VisitorProfileSchema>;

export const HmacIdentitySchema = v.object({
  id: UserIdSchema,
  /**
   * Lowercase hex HMAC-SHA256(id, project secret). Optional and loosely checked here on purpose:
   * a missing or malformed signature must reach the server's verifier and get identity_invalid,
   * not a generic bad_frame.
   */
  signature: v.optional(v.pipe(v.string(), v.maxLength(256))),
  ...VISITOR_PROFILE_ENTRIES,
});
export const JwtIdentitySchema = v.object({
  jwt: v.pipe(v.string(), v.maxLength(MAX_JWT_LENGTH)),
  ...VISITOR_PROFILE_ENTRIES,
});
export const IdentitySchema = v.union([HmacIdentitySchema, JwtIdentitySchema]);
export type Identity = v.InferOutput<typeof IdentitySchema>;
export type HmacIdentity = v.InferOutput<typeof HmacIdentitySchema>;
export type JwtIdentity = v.InferOutput<typeof JwtIdentitySchema>;

export function isJwtIdentity(i: Identity): i is JwtIdentity {
  return 'jwt' in i;
}

/** The two ways of proving an identity; each has its own key. */
export type IdentityKeyUse = 'hmac' | 'jwt';

/** What a derived key starts with, so a key pasted into the wrong form is easy to spot. */
export const IDENTITY_KEY_PREFIXES: Readonly<Record<IdentityKeyUse, string>> = { hmac: 'hmac_', jwt: 'jwt_' };

/**
 * The key site owners sign one form with, derived from the project secret (which never leaves
 * the server):  key = prefix + hex(HMAC-SHA256(secret, "parley identity key v1: " + use)).
 *
 * Why two keys: the JWT form signs `header.payload` with HMAC-SHA256, the HMAC form signs the id
 * with HMAC-SHA256. With one key, a site that signs ids its users choose (user names) could be
 * made to sign `eyJhbGciOiJIUzI1NiJ9.<payload with sub=alice>`, and that signature is a valid JWT
 * for alice. Keys derived per use are unrelated, so a signature of one form never verifies in the
 * other. Pure: the HMAC primitive is passed in (the server uses node:crypto). Several project
 * secrets (rotation) compose: derive each secret's keys and accept any of them.
 */
export function deriveIdentityKey(secret: string, use: IdentityKeyUse, hmacSha256Hex: (key: string, data: string) => string): string {
  return IDENTITY_KEY_PREFIXES[use] + hmacSha256Hex(secret, `parley identity key v1: ${use}`);
}
