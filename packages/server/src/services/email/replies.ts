import type { Locale } from '@parley/protocol';
import type { Ctx } from '../../context';
import { DomainError } from '../../util/errors';
import { dialogs } from '../../storage/dialogs';
import { fillVisitorCard } from '../leads';
import type { ProjectRecord } from '../projects';
import type { OutgoingMail } from '../mail';
import { enqueueMail, type MailKind } from './outbox';
import { mailTime, renderMail, type MailBlock } from './render';
import { MAIL_TEXTS } from './texts';
import { emailDialog, replyDomain, senderName, unsubscribeUrl, type EmailDialogRow } from './threads';
import { markMessages } from './marks';

/** Who a dialog's mail goes to, and in which language. */
interface Recipient {
  project: ProjectRecord;
  email: string;
  locale: Locale;
  row: EmailDialogRow;
}

/**
 * The visitor's address when mail to them is possible: the server sends mail, the project mails
 * replies, the visitor left an address, and has not unsubscribed or bounced. Null otherwise.
 */
export async function recipientOf(ctx: Ctx, dialogId: string, opts: { to?: string; transcript?: boolean } = {}): Promise<Recipient | null> {
  if (!ctx.mailer) return null;
  const d = await ctx.db
    .selectFrom('dialogs')
    .innerJoin('visitors', 'visitors.id', 'dialogs.visitor_id')
    .select(['dialogs.project_id', 'visitors.email', 'visitors.erased_at'])
    .where('dialogs.id', '=', dialogId)
    .executeTakeFirst();
  if (!d || d.erased_at !== null) return null;
  const project = await ctx.projects.get(d.project_id);
  if (!project) return null;
  if (!opts.transcript && !project.settings.email.replies) return null;
  const email = opts.to ?? d.email;
  if (!email) return null;
  const row = await emailDialog(ctx, dialogId, d.project_id);
  // A transcript someone asks for now is sent even after an unsubscribe from the automatic mail.
  if (!opts.transcript && (row.unsubscribed_at !== null || row.bounced_at !== null)) return null;
  return { project, email, locale: project.settings.texts.defaultLocale, row };
}

/** Whether the composer may offer "email" for this dialog: the visitor's address, and why not when it cannot. */
export async function dialogEmailState(ctx: Ctx, dialogId: string): Promise<{ available: boolean; address: string | null; reason: string | null }> {
  const d = await ctx.db
    .selectFrom('dialogs')
    .innerJoin('visitors', 'visitors.id', 'dialogs.visitor_id')
    .select(['dialogs.project_id', 'visitors.email'])
    .where('dialogs.id', '=', dialogId)
    .executeTakeFirst();
  const address = d?.email ?? null;
  const no = (reason: string) => ({ available: false, address, reason });
  if (!ctx.mailer) return no('this server sends no mail (PARLEY_SMTP_URL)');
  if (await recipientOf(ctx, dialogId)) return { available: true, address, reason: null };
  if (!address) return no('the visitor left no email address');
  const p = d ? await ctx.projects.get(d.project_id) : null;
  if (p && !p.settings.email.replies) return no('replies by email are off in the project settings');
  return no('the visitor stopped emails about this chat, or their address bounced');
}

/** Why "email" cannot be chosen in the composer for this dialog (null: it can). */
export async function emailBlocker(ctx: Ctx, dialogId: string): Promise<string | null> {
  return (await dialogEmailState(ctx, dialogId)).reason;
}

function threadHeaders(ctx: Ctx, r: Recipient, dialogId: string): Pick<OutgoingMail, 'replyTo' | 'returnPath' | 'headers' | 'fromName'> {
  const domain = replyDomain(ctx, r.project.settings);
  const unsubscribe = unsubscribeUrl(ctx, r.row.token);
  return {
    fromName: senderName(r.project),
    replyTo: `reply+${r.row.token}@${domain}`,
    returnPath: `bounce+${r.row.token}@${domain}`,
    headers: {
      // One thread per dialog in the visitor's mail program.
      References: `<dialog-${dialogId}@${domain}>`,
      'List-Unsubscribe': `<${unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
    },
  };
}

interface MailMessage {
  id: string;
  seq: number;
  author: string;
  at: number;
  text: string;
}

async function messagesOf(ctx: Ctx, dialogId: string, afterSeq: number, operatorOnly: boolean, locale: Locale): Promise<MailMessage[]> {
  let q = ctx.db
    .selectFrom('messages')
    .leftJoin('operators', 'operators.id', 'messages.operator_id')
    .select(['messages.id', 'messages.seq', 'messages.author_kind', 'messages.text', 'messages.created_at', 'operators.name'])
    .where('messages.dialog_id', '=', dialogId)
    .where('messages.deleted_at', 'is', null)
    .where('messages.seq', '>', afterSeq);
  if (operatorOnly) q = q.where('messages.author_kind', '=', 'operator');
  const rows = await q.orderBy('messages.seq').execute();
  const files =
    rows.length === 0
      ? []
      : await ctx.db
          .selectFrom('files')
          .select(['message_id', 'name'])
          .where(
            'message_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute();
  const t = MAIL_TEXTS[locale];
  return rows.map((r) => {
    const names = files.filter((f) => f.message_id === r.id).map((f) => t.attachment.replace('{name}', f.name));
    const author = r.author_kind === 'visitor' ? t.you : r.name || t.operator;
    return { id: r.id, seq: Number(r.seq), author, at: r.created_at, text: [r.text, ...names].filter((x) => x.trim() !== '').join('\n') };
  });
}

export async function queue(
  ctx: Ctx,
  r: Recipient,
  dialogId: string,
  kind: MailKind,
  subjectId: 'replySubject' | 'transcriptSubject' | 'statusSubject',
  blocks: MailBlock[],
  vars: Record<string, string> = {},
): Promise<void> {
  const project = senderName(r.project);
  const mail = renderMail(r.locale, { id: subjectId, vars: { project, ...vars } }, [
    ...blocks,
    { small: 'unsubscribe', vars: { link: { href: unsubscribeUrl(ctx, r.row.token), label: MAIL_TEXTS[r.locale].unsubscribeLabel } } },
  ]);
  await enqueueMail(ctx.db, { projectId: r.project.id, dialogId, kind, now: ctx.now(), mail: { to: r.email, ...mail, ...threadHeaders(ctx, r, dialogId) } });
}

/**
 * Mails the operator replies the visitor has neither read nor been mailed yet, in one mail.
 * Returns false when there was nothing to mail (or no way to).
 */
export async function mailReplies(ctx: Ctx, dialogId: string): Promise<boolean> {
  const r = await recipientOf(ctx, dialogId);
  if (!r) return false;
  const tz = r.project.settings.schedule.timeZone;
  const list = await messagesOf(ctx, dialogId, Math.max(Number(r.row.mailed_seq), Number(r.row.visitor_read_seq)), true, r.locale);
  if (list.length === 0) return false;
  const project = senderName(r.project);
  await queue(ctx, r, dialogId, 'reply', 'replySubject', [
    { say: 'replyIntro', vars: { project } },
    { messages: list.map((m) => ({ author: m.author, at: mailTime(m.at, r.locale, tz), text: m.text })) },
    { say: 'replyHow' },
  ]);
  const last = (list[list.length - 1] as MailMessage).seq;
  await ctx.db
    .updateTable('email_dialogs')
    .set({ mailed_seq: last, expires_at: ctx.now() + ctx.opts.mail.tokenTtlMs })
    .where('dialog_id', '=', dialogId)
    .execute();
  await markMessages(
    ctx,
    dialogId,
    list.map((m) => ({ messageId: m.id, direction: 'sent' as const, address: r.email })),
  );
  return true;
}

/** The whole dialog, to the visitor's address (or `to`). */
export async function mailTranscript(ctx: Ctx, dialogId: string, to?: string): Promise<void> {
  if (!ctx.mailer) throw new DomainError('conflict', { detail: 'this server sends no mail' });
  const r = await recipientOf(ctx, dialogId, { transcript: true, ...(to ? { to } : {}) });
  if (!r) throw new DomainError('bad_request', { fields: ['to'], detail: 'no email address to send the transcript to' });
  const list = await messagesOf(ctx, dialogId, 0, false, r.locale);
  const project = senderName(r.project);
  const tz = r.project.settings.schedule.timeZone;
  await queue(ctx, r, dialogId, 'transcript', 'transcriptSubject', [
    { say: 'transcriptIntro', vars: { project } },
    { messages: list.map((m) => ({ author: m.author, at: mailTime(m.at, r.locale, tz), text: m.text })) },
    { say: 'replyHow' },
  ]);
  await ctx.db
    .updateTable('email_dialogs')
    .set({ expires_at: ctx.now() + ctx.opts.mail.tokenTtlMs })
    .where('dialog_id', '=', dialogId)
    .execute();
}

/** A visitor asks for their current dialog by mail; an address they give fills an empty card. */
export async function visitorTranscript(ctx: Ctx, visitorId: string, to: string | undefined): Promise<void> {
  const d = await ctx.store.read((x) => dialogs.latestOfVisitor(x, visitorId));
  if (!d) throw new DomainError('not_found');
  if (to) await fillVisitorCard(ctx, visitorId, { email: to });
  const v = await ctx.db.selectFrom('visitors').select('email').where('id', '=', visitorId).executeTakeFirst();
  const address = to ?? v?.email;
  if (!address) throw new DomainError('bad_request', { fields: ['to'] });
  await mailTranscript(ctx, d.id, address);
}

/** A batch of replies is due after the delay (a later reply joins the batch, it does not move it). */
export async function scheduleReplies(ctx: Ctx, dialogId: string): Promise<void> {
  const r = await recipientOf(ctx, dialogId);
  if (!r) return;
  await ctx.db
    .updateTable('email_dialogs')
    .set({ reply_due_at: ctx.now() + ctx.opts.mail.replyDelayMs })
    .where('dialog_id', '=', dialogId)
    .where('reply_due_at', 'is', null)
    .execute();
}

/**
 * Batches whose delay ran out: mailed unless the visitor is back (connected) by then; what they
 * read in the widget meanwhile is left out.
 */
export async function mailDueReplies(ctx: Ctx, visitorOnline: (visitorId: string) => boolean): Promise<void> {
  const now = ctx.now();
  const due = await ctx.db
    .selectFrom('email_dialogs')
    .innerJoin('dialogs', 'dialogs.id', 'email_dialogs.dialog_id')
    .select(['email_dialogs.dialog_id', 'email_dialogs.reply_due_at', 'dialogs.visitor_id'])
    .where('email_dialogs.reply_due_at', '<=', now)
    .limit(50)
    .execute();
  for (const d of due) {
    const claim = await ctx.db
      .updateTable('email_dialogs')
      .set({ reply_due_at: null })
      .where('dialog_id', '=', d.dialog_id)
      .where('reply_due_at', '=', d.reply_due_at)
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) === 0) continue;
    if (visitorOnline(d.visitor_id)) continue;
    await mailReplies(ctx, d.dialog_id);
  }
}

/** What the visitor read in the widget is not mailed. */
export async function visitorRead(ctx: Ctx, dialogId: string, seq: number): Promise<void> {
  await ctx.db.updateTable('email_dialogs').set({ visitor_read_seq: seq }).where('dialog_id', '=', dialogId).where('visitor_read_seq', '<', seq).execute();
}

/** The one-link unsubscribe. False for an unknown token. */
export async function unsubscribe(ctx: Ctx, token: string): Promise<boolean> {
  const r = await ctx.db.updateTable('email_dialogs').set({ unsubscribed_at: ctx.now(), reply_due_at: null }).where('token', '=', token).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
