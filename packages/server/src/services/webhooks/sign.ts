import { createHmac, randomBytes } from 'node:crypto';

/** A new endpoint secret: `whsec_` + 192 random bits. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/**
 * The `Parley-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (the
 * Stripe scheme). Signing the timestamp with the body lets receivers refuse replays older than
 * their tolerance (WEBHOOK_TOLERANCE_SECONDS).
 */
export function signWebhook(secret: string, body: string, nowMs: number): string {
  const t = Math.floor(nowMs / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
  return `t=${t},v1=${v1}`;
}
