import * as v from 'valibot';
import { MAX_CLIENT_ID_LENGTH, MIN_CLIENT_ID_LENGTH, MAX_TOKEN_LENGTH } from './limits';

/** Server-assigned ids: opaque, URL-safe. Clients never invent them. */
export const IdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/));
/** Client-generated ids that make sends idempotent (a UUID or 128 random bits, base64url). */
export const ClientIdSchema = v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{${MIN_CLIENT_ID_LENGTH},${MAX_CLIENT_ID_LENGTH}}$`)));
/** Project ids appear in script tags and URLs: lowercase slug. */
export const PROJECT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
export const ProjectIdSchema = v.pipe(v.string(), v.regex(PROJECT_ID_PATTERN));
/** Visitor tokens are issued by the server (>= 128 random bits, base64url). */
export const TokenSchema = v.pipe(v.string(), v.regex(new RegExp(`^[A-Za-z0-9_-]{22,${MAX_TOKEN_LENGTH}}$`)));
/** Epoch milliseconds. */
export const TimestampSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
/** Per-dialog sequence number; 0 means "nothing yet". */
export const SeqSchema = v.pipe(v.number(), v.integer(), v.minValue(0));
