import type { Lead } from '@parley/protocol';
import type { Ctx } from '../../context';
import { DomainError } from '../../util/errors';
import { operatorByEmail } from '../../storage/operators';
import { CLI_LINK_TTL_MS, createResetToken, resetLink } from '../password-reset';
import { enqueueMail } from './outbox';
import { oneLine, renderMail, type MailBlock } from './render';
import { MAIL_TEXTS } from './texts';
import { emailDialog, publicBase, senderName } from './threads';

function consoleLink(ctx: Ctx, dialogId?: string): string {
  return `${publicBase(ctx)}/console/${dialogId ? `#/dialogs/${dialogId}` : ''}`;
}

/** A new offline-form message or callback request, to the project's team address. */
export async function mailLead(ctx: Ctx, projectId: string, lead: Lead): Promise<void> {
  if (!ctx.mailer) return;
  const p = await ctx.projects.get(projectId);
  const to = p?.settings.email.teamAddress;
  if (!p || !to) return;
  const locale = p.settings.texts.defaultLocale;
  const t = MAIL_TEXTS[locale];
  const who = lead.name || lead.phone || lead.email || t.visitor;
  const rows: [string, string][] = [];
  const add = (label: string, v: string | null) => {
    if (v) rows.push([label, v]);
  };
  add(t.leadName, lead.name);
  add(t.leadPhone, lead.phone);
  add(t.leadEmail, lead.email);
  add(t.leadTime, lead.preferredTime);
  add(t.leadMessage, lead.message);
  add(t.leadPage, lead.page);
  const mail = renderMail(locale, { id: lead.kind === 'callback' ? 'leadCallbackSubject' : 'leadOfflineSubject', vars: { name: who } }, [
    { say: 'leadIntro', vars: { project: p.name } },
    { rows },
    { say: 'leadOpen', vars: { link: { href: consoleLink(ctx) } } },
  ]);
  // Answering the mail answers the visitor, when they left an address.
  const replyTo = lead.email ? oneLine(lead.email, 254) : undefined;
  await enqueueMail(ctx.db, { projectId, kind: 'lead', now: ctx.now(), mail: { to, ...mail, ...(replyTo ? { replyTo } : {}) } });
}

/**
 * "You have unread chats": a visitor wrote in a dialog assigned to an operator who has no console
 * open. At most one per dialog per alertIntervalMs.
 */
export async function alertAssignee(ctx: Ctx, dialogId: string): Promise<void> {
  if (!ctx.mailer) return;
  const d = await ctx.db
    .selectFrom('dialogs')
    .innerJoin('visitors', 'visitors.id', 'dialogs.visitor_id')
    .select(['dialogs.project_id', 'dialogs.assignee_id', 'dialogs.last_message_text', 'visitors.name', 'visitors.email'])
    .where('dialogs.id', '=', dialogId)
    .executeTakeFirst();
  if (!d?.assignee_id || ctx.presence.consoleOpen(d.assignee_id)) return;
  const p = await ctx.projects.get(d.project_id);
  if (!p?.settings.email.operatorAlerts) return;
  const op = await ctx.db.selectFrom('operators').select(['email', 'deleted_at']).where('id', '=', d.assignee_id).executeTakeFirst();
  if (!op || op.deleted_at !== null) return;
  const row = await emailDialog(ctx, dialogId, d.project_id);
  const now = ctx.now();
  const since = now - ctx.opts.mail.alertIntervalMs;
  // Claimed in one statement, so two messages at once make one alert.
  const claim = await ctx.db
    .updateTable('email_dialogs')
    .set({ alerted_at: now })
    .where('dialog_id', '=', dialogId)
    .where((eb) => eb.or([eb('alerted_at', 'is', null), eb('alerted_at', '<=', since)]))
    .executeTakeFirst();
  if (Number(claim.numUpdatedRows) === 0 || !row) return;
  const locale = p.settings.texts.defaultLocale;
  const visitor = d.name || d.email || MAIL_TEXTS[locale].visitor;
  const mail = renderMail(locale, { id: 'alertSubject', vars: { project: p.name } }, [
    { say: 'alertIntro', vars: { visitor } },
    { messages: [{ author: visitor, at: '', text: (d.last_message_text ?? '').slice(0, 500) }] },
    { say: 'alertOpen', vars: { link: { href: consoleLink(ctx, dialogId) } } },
  ]);
  await enqueueMail(ctx.db, { projectId: d.project_id, dialogId, kind: 'alert', now, mail: { to: op.email, ...mail } });
}

/** Has this address an account already (an invitation to a new one carries a link to choose its password)? */
export async function accountExists(ctx: Ctx, email: string): Promise<boolean> {
  return (await operatorByEmail(ctx.db, email)) !== undefined;
}

/** Someone was added to a project: how to sign in (a new account gets a link to choose its password). */
export async function mailInvitation(ctx: Ctx, p: { projectId: string; by: string; email: string; role: string; newAccount: boolean }): Promise<void> {
  if (!ctx.mailer) return;
  const project = await ctx.projects.get(p.projectId);
  if (!project) return;
  const locale = project.settings.texts.defaultLocale;
  const blocks: MailBlock[] = [
    { say: 'inviteIntro', vars: { by: p.by, project: project.name, role: p.role } },
    { say: 'inviteLogin', vars: { link: { href: `${publicBase(ctx)}/console/` }, email: p.email } },
  ];
  if (p.newAccount) {
    const token = await createResetToken(ctx.db, p.email, ctx.now(), CLI_LINK_TTL_MS);
    if (token) blocks.push({ say: 'invitePassword', vars: { link: { href: resetLink(publicBase(ctx), token) } } });
  }
  const mail = renderMail(locale, { id: 'inviteSubject', vars: { project: project.name } }, blocks);
  await enqueueMail(ctx.db, { projectId: p.projectId, kind: 'invite', now: ctx.now(), mail: { to: p.email, ...mail } });
}

/** "Send test email": straight to the SMTP server, so the admin sees its answer (or its refusal) at once. */
export async function sendTestMail(ctx: Ctx, projectId: string, to: string): Promise<{ sent: boolean; error?: string }> {
  if (!ctx.mailer) return { sent: false, error: 'This server sends no mail: its administrator sets PARLEY_SMTP_URL.' };
  const project = await ctx.projects.get(projectId);
  if (!project) throw new DomainError('unknown_project');
  const name = senderName(project);
  const mail = renderMail(project.settings.texts.defaultLocale, { id: 'testSubject' }, [{ say: 'testBody', vars: { project: name } }]);
  try {
    await ctx.mailer.deliver({ to, ...mail, fromName: name });
    return { sent: true };
  } catch (err) {
    return { sent: false, error: err instanceof Error ? err.message.slice(0, 300) : String(err) };
  }
}
