import * as v from 'valibot';
import { MAX_EMAIL_LENGTH, MAX_JWT_LENGTH, MAX_NAME_LENGTH, MAX_PHONE_LENGTH, MAX_USER_ID_LENGTH } from './limits';

/**
 * Identity of a signed-in ("verified") visitor, for site owners.
 *
 * Your back end proves who the visitor is; the browser only carries the proof:
 *
 * 1. HMAC form: `{ id, signature }`, where `signature` is the lowercase hex HMAC-SHA256 of the
 *    UTF-8 `id`, keyed with the project secret (Console → Settings → Identity):
 *      Node:  crypto.createHmac('sha256', secret).update(id).digest('hex')
 *      PHP:   hash_hmac('sha256', $id, $secret)
 *      Python: hmac.new(secret.encode(), id.encode(), hashlib.sha256).hexdigest()
 * 2. JWT form: `{ jwt }`, an HS256 JWT signed with the project secret whose payload has
 *    `sub` (the user id, a string) and `exp` (seconds since the epoch). Other claims are ignored,
 *    except optional `name`, `email`, `phone` which fill the visitor card.
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
