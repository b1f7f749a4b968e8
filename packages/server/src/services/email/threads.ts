import { randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ProjectSettings } from '@parley/protocol';
import type { Ctx } from '../../context';
import type { EmailDialogsTable } from '../../storage/schema';

export type EmailDialogRow = Selectable<EmailDialogsTable>;

/** Lower-case hex: some mail servers lower-case the local part of an address. 160 bits. */
export const TOKEN_RE = /^[0-9a-f]{40}$/;

/** reply+<token>@ (visitor replies) and bounce+<token>@ (the envelope sender: delivery reports). */
export function parseTokenAddress(address: string): { kind: 'reply' | 'bounce'; token: string } | null {
  const m = /^(reply|bounce)\+([0-9a-f]{40})@/i.exec(address.trim());
  return m ? { kind: (m[1] as string).toLowerCase() as 'reply' | 'bounce', token: (m[2] as string).toLowerCase() } : null;
}

/** Where people reach this server, for links in mail (no request to take it from). */
export function publicBase(ctx: Ctx): string {
  if (ctx.opts.publicUrl) return ctx.opts.publicUrl;
  const host = ctx.opts.host === '0.0.0.0' || ctx.opts.host === '::' ? 'localhost' : ctx.opts.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${ctx.opts.port}`;
}

/** The name the project's mail speaks as: the sender name of its email settings, else the project's name. */
export function senderName(project: { name: string; settings: Pick<ProjectSettings, 'email'> }): string {
  return project.settings.email.senderName || project.name;
}

export function replyDomain(ctx: Ctx, settings: ProjectSettings): string {
  if (settings.email.replyDomain) return settings.email.replyDomain;
  if (ctx.opts.mail.replyDomain) return ctx.opts.mail.replyDomain;
  return ctx.opts.publicUrl ? new URL(ctx.opts.publicUrl).hostname : 'localhost';
}

/** The dialog's mail state, made on first use with its unguessable token. */
export async function emailDialog(ctx: Ctx, dialogId: string, projectId: string): Promise<EmailDialogRow> {
  const found = await ctx.db.selectFrom('email_dialogs').selectAll().where('dialog_id', '=', dialogId).executeTakeFirst();
  if (found) return found;
  const now = ctx.now();
  await ctx.db
    .insertInto('email_dialogs')
    .values({
      dialog_id: dialogId,
      project_id: projectId,
      token: randomBytes(20).toString('hex'),
      created_at: now,
      expires_at: now + ctx.opts.mail.tokenTtlMs,
      reply_due_at: null,
      unsubscribed_at: null,
      bounced_at: null,
      alerted_at: null,
    })
    .onConflict((oc) => oc.column('dialog_id').doNothing())
    .execute();
  return ctx.db.selectFrom('email_dialogs').selectAll().where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
}

export async function dialogByToken(ctx: Ctx, token: string): Promise<EmailDialogRow | undefined> {
  if (!TOKEN_RE.test(token)) return undefined;
  return ctx.db.selectFrom('email_dialogs').selectAll().where('token', '=', token).executeTakeFirst();
}

/** The link (and List-Unsubscribe target) that stops mail about one dialog. */
export function unsubscribeUrl(ctx: Ctx, token: string): string {
  return `${publicBase(ctx)}/api/v1/email/unsubscribe/${token}`;
}
