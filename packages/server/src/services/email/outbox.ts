import type { Ctx } from '../../context';
import type { Updateable } from 'kysely';
import type { Db } from '../../storage/open';
import type { EmailOutboxTable } from '../../storage/schema';
import type { OutgoingMail } from '../mail';
import { randomId } from '../../util/crypto';
import { RELEASE, claimRow } from '../../storage/cluster/claims';

/** Tries in all before a mail is given up (retries wait retryMs, then twice as long each time). */
export const MAX_ATTEMPTS = 8;
const BATCH = 20;

export type MailKind = 'reply' | 'transcript' | 'lead' | 'alert' | 'invite' | 'status';

/**
 * Mail goes through a table first: a mail server that is down or refuses for a while only delays
 * it (retried with backoff); the chat never waits for SMTP.
 */
export async function enqueueMail(
  db: Db,
  p: { projectId: string | null; dialogId?: string | null; kind: MailKind; mail: OutgoingMail; now: number },
): Promise<string> {
  const id = randomId();
  await db
    .insertInto('email_outbox')
    .values({
      id,
      project_id: p.projectId,
      dialog_id: p.dialogId ?? null,
      kind: p.kind,
      to_addr: p.mail.to,
      mail: JSON.stringify(p.mail),
      attempts: 0,
      next_at: p.now,
      sent_at: null,
      failed_at: null,
      last_error: null,
      created_at: p.now,
      ...RELEASE,
    })
    .execute();
  return id;
}

/** SMTP answers 5xx for good (no such mailbox, refused): no point in trying again. */
function permanent(err: unknown): boolean {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Sends what is due. Returns how many were sent. */
export async function sendDueMail(ctx: Ctx): Promise<number> {
  const mailer = ctx.mailer;
  if (!mailer) return 0;
  const now = ctx.now();
  const { nodeId, leaseMs } = ctx.opts;
  const due = await ctx.db
    .selectFrom('email_outbox')
    .selectAll()
    .where('next_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<=', now)]))
    .orderBy('next_at')
    .limit(BATCH)
    .execute();
  let sent = 0;
  // Each write that finishes a try releases the claim, and counts only while the claim is still ours.
  const finish = (id: string, set: Updateable<EmailOutboxTable>) =>
    ctx.db
      .updateTable('email_outbox')
      .set({ ...set, ...RELEASE })
      .where('id', '=', id)
      .where('claimed_by', '=', nodeId)
      .execute();
  for (const row of due) {
    // Whoever claims it sends it (storage/cluster/claims.ts: the same claim as the other outboxes).
    if (!(await claimRow(ctx.db, 'email_outbox', row.id, Number(row.attempts), nodeId, ctx.now(), leaseMs))) continue;
    const attempts = Number(row.attempts) + 1;
    try {
      await mailer.deliver(JSON.parse(row.mail) as OutgoingMail);
      await finish(row.id, { attempts, next_at: null, sent_at: ctx.now(), last_error: null });
      ctx.metrics.mail(row.kind, 'sent');
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : String(err);
      const giveUp = permanent(err) || attempts >= MAX_ATTEMPTS;
      await finish(row.id, {
        attempts,
        last_error: message,
        next_at: giveUp ? null : ctx.now() + ctx.opts.mail.retryMs * 2 ** (attempts - 1),
        failed_at: giveUp ? ctx.now() : null,
      });
      // A visitor address that refuses mail for good: stop mailing that dialog (a bounce).
      if (permanent(err) && row.dialog_id && (row.kind === 'reply' || row.kind === 'transcript' || row.kind === 'status')) {
        await ctx.db.updateTable('email_dialogs').set({ bounced_at: ctx.now() }).where('dialog_id', '=', row.dialog_id).execute();
      }
      ctx.metrics.mail(row.kind, giveUp ? 'failed' : 'retry');
      ctx.log.warn({ mail: row.id, kind: row.kind, attempts, giveUp, err: message }, giveUp ? 'mail given up' : 'mail not sent; will retry');
    }
  }
  return sent;
}

/** Mail sent or given up is kept this long (for the record), then deleted with its copy of the texts. */
export const OUTBOX_KEEP_MS = 30 * 86_400_000;

export async function purgeOutbox(ctx: Ctx): Promise<number> {
  const before = ctx.now() - OUTBOX_KEEP_MS;
  const r = await ctx.db.deleteFrom('email_outbox').where('next_at', 'is', null).where('created_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
