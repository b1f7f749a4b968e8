import { createHmac } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DomainError } from '../util/errors';
import { safeEqual } from '../util/crypto';
import { createRef, createRefForIdentity, dialogChannels, setDialogLanguage, verifyManually } from '../channels/operator';
import { headerString } from './headers';
import { baseUrl } from './urls';
import { handlers } from './router';

const MAX_WEBHOOK_BYTES = 1024 * 1024;

async function readBody(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > MAX_WEBHOOK_BYTES) throw new DomainError('bad_request', { detail: 'body too large' });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function json(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('bad_request', { detail: 'invalid JSON' });
  }
}

/** Platform webhooks, channel settings (admins), and the operator's channel actions in a dialog. */
export const channelHandlers = handlers({
  async telegramWebhook({ ctx, req, reply, project, body }) {
    const secret = ctx.channels.telegramSecret(project.id);
    if (!secret) throw new DomainError('not_found');
    const raw = await readBody(body);
    if (!safeEqual(headerString(req.headers['x-telegram-bot-api-secret-token']) ?? '', secret)) throw new DomainError('forbidden');
    await ctx.channels.telegramUpdate(project.id, json(raw));
    return reply.code(200).send();
  },

  async whatsappVerify({ ctx, reply, project, query }) {
    const s = ctx.channels.whatsappSettings(project.id);
    if (!s) throw new DomainError('not_found');
    if (query['hub.mode'] !== 'subscribe' || !safeEqual(query['hub.verify_token'] ?? '', s.verifyToken)) throw new DomainError('forbidden');
    return reply
      .code(200)
      .type('text/plain; charset=utf-8')
      .send(query['hub.challenge'] ?? '');
  },

  async whatsappWebhook({ ctx, req, reply, project, body }) {
    const s = ctx.channels.whatsappSettings(project.id);
    if (!s) throw new DomainError('not_found');
    const raw = await readBody(body);
    const want = `sha256=${createHmac('sha256', s.appSecret).update(raw).digest('hex')}`;
    if (!safeEqual(headerString(req.headers['x-hub-signature-256']) ?? '', want)) throw new DomainError('forbidden');
    await ctx.channels.whatsappNotification(project.id, json(raw));
    return reply.code(200).send();
  },

  async channels({ ctx, req, actor }) {
    return ctx.channels.settings(actor.projectId, baseUrl(ctx, req));
  },
  async putTelegram({ ctx, req, actor, body }) {
    return ctx.channels.save(actor.projectId, 'telegram', body, baseUrl(ctx, req));
  },
  async deleteTelegram({ ctx, req, actor }) {
    return ctx.channels.save(actor.projectId, 'telegram', null, baseUrl(ctx, req));
  },
  async putWhatsApp({ ctx, req, actor, body }) {
    return ctx.channels.save(actor.projectId, 'whatsapp', body, baseUrl(ctx, req));
  },
  async deleteWhatsApp({ ctx, req, actor }) {
    return ctx.channels.save(actor.projectId, 'whatsapp', null, baseUrl(ctx, req));
  },
  async testTelegram({ ctx, actor }) {
    return ctx.channels.test(actor.projectId, 'telegram');
  },
  async testWhatsApp({ ctx, actor }) {
    return ctx.channels.test(actor.projectId, 'whatsapp');
  },

  async verifyDialog({ ctx, actor, params, body }) {
    return { dialog: await verifyManually(ctx, actor, params.dialogId, body.userId) };
  },
  async dialogChannels({ ctx, actor, params }) {
    return { channels: await dialogChannels(ctx, actor, params.dialogId) };
  },
  async setDialogLanguage({ ctx, actor, params, body }) {
    return { channels: await setDialogLanguage(ctx, actor, params.dialogId, body.locale) };
  },

  async channelRef({ ctx, reply, token }) {
    const r = await createRef(ctx, token.visitor.project_id, token.visitor.id);
    reply.code(201);
    return r;
  },
  async channelRefForIdentity({ ctx, req, reply, project, body }) {
    const r = await createRefForIdentity(ctx, project, body.identity, req.ip ?? null);
    reply.code(201);
    return r;
  },
});
