import { escapeHtml } from '../services/email/render';
import { dialogEmailState, mailTranscript, unsubscribe, visitorTranscript } from '../services/email/replies';
import { readLimited, receiveMail } from '../services/email/inbound';
import { sendTestMail } from '../services/email/notifications';
import { dialogByToken } from '../services/email/threads';
import { visibleDialog } from '../services/operator-actions';
import { DomainError } from '../util/errors';
import { safeEqual } from '../util/crypto';
import type { Ctx } from '../context';
import { handlers } from './router';

const UNSUBSCRIBED = {
  en: 'You will get no more emails about this chat.',
  ru: 'Больше писем об этом чате не будет.',
  fr: 'Vous ne recevrez plus d’e-mails sur cette discussion.',
};
const UNKNOWN = { en: 'This link is unknown.', ru: 'Эта ссылка неизвестна.', fr: 'Ce lien est inconnu.' };

function page(text: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Parley</title></head><body style="font-family:system-ui,sans-serif;margin:3em auto;max-width:32em"><p>${escapeHtml(text)}</p></body></html>`;
}

async function unsubscribePage(ctx: Ctx, token: string): Promise<{ status: number; html: string }> {
  const row = await dialogByToken(ctx, token);
  const project = row ? await ctx.projects.get(row.project_id) : null;
  const locale = project?.settings.texts.defaultLocale ?? 'en';
  if (!row || !(await unsubscribe(ctx, token))) return { status: 404, html: page(UNKNOWN[locale]) };
  return { status: 200, html: page(UNSUBSCRIBED[locale]) };
}

/** Email routes: the composer's email state, transcripts, the test mail, the inbound webhook, unsubscribe. */
export const emailHandlers = handlers({
  async dialogEmail({ ctx, actor, params }) {
    await visibleDialog(ctx, actor, params.dialogId);
    return dialogEmailState(ctx, params.dialogId);
  },

  async transcript({ ctx, reply, actor, params, body }) {
    await visibleDialog(ctx, actor, params.dialogId);
    await mailTranscript(ctx, params.dialogId, body.to);
    ctx.email.kick();
    reply.code(202);
    return { queued: true };
  },

  async testEmail({ ctx, actor, op, body }) {
    const to = body.to ?? op.email;
    return { to, ...(await sendTestMail(ctx, actor.projectId, to)) };
  },

  async widgetTranscript({ ctx, reply, token, body }) {
    if (!(await ctx.limits.uploadsPerVisitor.take(`mail:${token.visitor.id}`)).ok) throw new DomainError('rate_limited');
    await visitorTranscript(ctx, token.visitor.id, body.to);
    ctx.email.kick();
    reply.code(202);
    return { queued: true };
  },

  async emailInbound({ ctx, req, reply, body }) {
    const token = ctx.opts.mail.inboundToken;
    if (!token) throw new DomainError('not_found');
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m?.[1] || !safeEqual(m[1], token)) {
      body.resume();
      throw new DomainError('unauthorized');
    }
    const raw = await readLimited(body);
    const r = await receiveMail(ctx, raw);
    reply.code(r.kind === 'message' && r.duplicate ? 200 : 201);
    return { queued: true };
  },

  async emailUnsubscribe({ ctx, reply, params }) {
    const r = await unsubscribePage(ctx, params.token);
    return reply.code(r.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(r.html);
  },

  async emailUnsubscribePost({ ctx, reply, params, body }) {
    body.resume();
    const r = await unsubscribePage(ctx, params.token);
    return reply.code(r.status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(r.html);
  },
});
