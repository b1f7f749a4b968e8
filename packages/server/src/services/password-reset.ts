import type { Ctx } from '../context';
import type { Db } from '../storage/open';
import { randomId, sha256 } from '../util/crypto';
import { DomainError } from '../util/errors';
import { consumePasswordReset, deleteSessionsOf, insertPasswordReset, operatorByEmail, updateOperator } from '../storage/operators';
import { hashPassword } from '../auth/password';
import { topics, type OperatorTopicMsg } from '../realtime/topics';
import type { Locale } from '@parley/protocol';
import { renderMail } from './email/render';

/** Emailed links are short-lived; one printed by `parley user reset-password` may be relayed by hand. */
export const MAIL_LINK_TTL_MS = 3_600_000;
export const CLI_LINK_TTL_MS = 24 * 3_600_000;

/** The console page that sets a password with a one-time token (the token stays in the fragment: never sent to a server log). */
export function resetLink(base: string, token: string): string {
  return `${base.replace(/\/+$/, '')}/console/#/reset/${token}`;
}

/** A one-time token for the account with this email, or null when there is none. */
export async function createResetToken(db: Db, email: string, now: number, ttlMs: number): Promise<string | null> {
  const op = await operatorByEmail(db, email);
  if (!op) return null;
  const token = randomId(24);
  await insertPasswordReset(db, { token_hash: sha256(token), operator_id: op.id, created_at: now, expires_at: now + ttlMs });
  return token;
}

/**
 * "Forgot password": with mail, a link goes to the address if it has an account (in the
 * console's language). The answer is
 * the same either way (no one learns which emails exist); `mail` only says whether this server
 * sends mail at all, so the console can tell people to ask their administrator instead.
 */
export async function requestReset(ctx: Ctx, email: string, base: string, locale: Locale = 'en'): Promise<{ mail: boolean }> {
  if (!ctx.mailer) return { mail: false };
  const token = await createResetToken(ctx.db, email, ctx.now(), MAIL_LINK_TTL_MS);
  if (token) {
    const mail = renderMail(locale, { id: 'resetSubject' }, [
      { say: 'resetIntro' },
      { say: 'resetLink', vars: { link: { href: resetLink(base, token) } } },
      { say: 'resetIgnore' },
    ]);
    // Sent in the background: the answer must not take longer for known addresses.
    void ctx.mailer.deliver({ to: email, ...mail }).catch((err: unknown) => ctx.log.error({ err }, 'password reset mail failed'));
  }
  return { mail: true };
}

/** Sets the password with a one-time token; every session of the account ends. */
export async function resetPassword(ctx: Ctx, token: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  const operatorId = await consumePasswordReset(ctx.db, sha256(token), ctx.now());
  if (!operatorId) throw new DomainError('forbidden', { detail: 'the link is unknown, used or expired' });
  await updateOperator(ctx.db, operatorId, { password_hash: hash });
  await deleteSessionsOf(ctx.db, operatorId);
  ctx.bus.publish(topics.operator(operatorId), { t: 'kick' } satisfies OperatorTopicMsg);
}
