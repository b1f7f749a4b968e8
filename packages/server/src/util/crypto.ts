import { createHash, createHmac, randomFillSync, timingSafeEqual } from 'node:crypto';

// Random bytes are drawn from the CSPRNG a page at a time: one call per ~250 ids, not one per id.
const pool = Buffer.alloc(4096);
let used = pool.length;

/** Opaque server ids and tokens: 128 random bits (or more), base64url. */
export function randomId(bytes = 16): string {
  if (bytes > pool.length) throw new RangeError('randomId: too many bytes');
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const out = pool.toString('base64url', used, used + bytes);
  // Never hand out the same bytes twice.
  pool.fill(0, used, used + bytes);
  used += bytes;
  return out;
}

/** Tokens are stored only as hashes, so a leaked database grants no sessions. */
export function sha256(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('base64url');
}

export function hmacHex(key: string, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('hex');
}

export function hmacB64(key: string | Buffer, data: string): string {
  return createHmac('sha256', key).update(data, 'utf8').digest('base64url');
}

/** Constant-time string comparison; different lengths compare unequal (length is not secret). */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    // Still spend the time of a comparison so the length check is not a faster path.
    timingSafeEqual(ab, ab);
    return false;
  }
  return timingSafeEqual(ab, bb);
}
