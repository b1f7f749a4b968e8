/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   Platform JSON (Telegram updates, Cloud API notifications) is read field by field, each checked with typeof before use. */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { WHATSAPP_FILE_LIMITS, channelText, type ChannelTestResponse, type Locale, type WhatsAppSettings } from '@parley/protocol';
import { callJson } from './http';
import { ChannelError, type ChannelAdapter, type Inbound, type InboundFile, type Outbound, type OutboundFile, type RemoteRef } from './types';

/**
 * WhatsApp Business through the Cloud API (https://developers.facebook.com/docs/whatsapp/cloud-api):
 * `POST <base>/<phone-number-id>/messages` and `/media` with the access token, media read back with
 * `GET <base>/<media-id>`. The base URL (Graph API with its version) is a setting.
 */

/** The media types the Cloud API delivers, per kind (anything else cannot be shown in WhatsApp). */
const SENDABLE: Record<OutboundFile['kind'], RegExp> = {
  image: /^image\/(jpeg|png)$/,
  video: /^video\/(mp4|3gpp)$/,
  audio: /^audio\/(aac|amr|mpeg|mp4|ogg)$/,
  document:
    /^(text\/plain|application\/pdf|application\/msword|application\/vnd\.ms-(excel|powerpoint)|application\/vnd\.openxmlformats-officedocument\.[a-z.]+)$/,
};

export function canShowInWhatsApp(f: Pick<OutboundFile, 'kind' | 'mime' | 'size'>): boolean {
  return SENDABLE[f.kind].test(f.mime) && f.size <= WHATSAPP_FILE_LIMITS[f.kind];
}

/** Every system message in WhatsApp carries the heading (bold). */
export function withHeading(locale: Locale, text: string): string {
  return `*${channelText(locale, 'systemHeading')}*\n${text}`;
}

export function parseWhatsAppNotification(body: any, a: WhatsAppAdapter, phoneNumberId: string): Inbound[] {
  const out: Inbound[] = [];
  if (body?.object !== 'whatsapp_business_account' || !Array.isArray(body.entry)) return out;
  for (const entry of body.entry) {
    for (const change of Array.isArray(entry?.changes) ? entry.changes : []) {
      const value = change?.value;
      if (change?.field !== 'messages' || !value || String(value.metadata?.phone_number_id ?? '') !== phoneNumberId) continue;
      const names = new Map<string, string>();
      for (const c of Array.isArray(value.contacts) ? value.contacts : []) {
        if (typeof c?.wa_id === 'string' && typeof c.profile?.name === 'string') names.set(c.wa_id, c.profile.name);
      }
      for (const m of Array.isArray(value.messages) ? value.messages : []) {
        if (typeof m?.id !== 'string' || typeof m.from !== 'string' || !/^\d{5,20}$/.test(m.from)) continue;
        if (m.type === 'reaction') continue; // a reaction is not a message
        const inb: Inbound = {
          updateId: m.id,
          chatId: m.from,
          clientId: `wa-${createHash('sha256').update(m.id).digest('base64url').slice(0, 40)}`,
          name: names.get(m.from) ?? null,
          text: '',
          files: [],
        };
        const media = (x: any, name: string): InboundFile | null =>
          typeof x?.id === 'string' ? a.inboundFile(x.id, name, typeof x.mime_type === 'string' ? x.mime_type : null) : null;
        switch (m.type) {
          case 'text':
            inb.text = typeof m.text?.body === 'string' ? m.text.body : '';
            break;
          case 'image':
          case 'video':
          case 'audio':
          case 'document': {
            const x = m[m.type];
            const mime: unknown = x?.mime_type;
            const ext = typeof mime === 'string' ? (mime.split('/')[1] ?? 'bin').split(';')[0] : 'bin';
            const f = media(x, typeof x?.filename === 'string' ? x.filename : `${m.type}-${inb.clientId.slice(3, 11)}.${ext}`);
            if (f) inb.files.push(f);
            if (typeof x?.caption === 'string') inb.text = x.caption;
            break;
          }
          case 'button':
            inb.text = typeof m.button?.text === 'string' ? m.button.text : '';
            break;
          case 'interactive':
            inb.text = String(m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? '');
            break;
          default:
            inb.unsupported = true; // stickers, locations, contacts, 'unsupported'
        }
        if (!inb.unsupported && inb.text === '' && inb.files.length === 0) inb.unsupported = true;
        out.push(inb);
      }
    }
  }
  return out;
}

export class WhatsAppAdapter implements ChannelAdapter {
  readonly kind = 'whatsapp' as const;
  private readonly base: string;

  constructor(
    readonly settings: WhatsAppSettings,
    apiBase: string,
  ) {
    this.base = apiBase.replace(/\/$/, '');
  }

  private get auth(): Record<string, string> {
    return { authorization: `Bearer ${this.settings.token}` };
  }

  private async call(path: string, init: { method?: 'GET' | 'POST'; json?: unknown; form?: FormData; timeoutMs?: number }): Promise<any> {
    const r = await callJson(`${this.base}/${path}`, { ...init, headers: this.auth });
    // 131047: more than 24 hours since the client last wrote (the customer service window).
    if (r.status >= 400 || !r.body)
      throw new ChannelError(
        `WhatsApp ${path.split('/').pop()}: ${r.status} ${r.body?.error?.message ?? ''}`.trim(),
        false,
        undefined,
        r.body?.error?.code === 131047,
      );
    return r.body;
  }

  inboundFile(mediaId: string, name: string, mime: string | null): InboundFile {
    return {
      name,
      mime,
      size: null,
      download: async () => {
        const meta = await this.call(encodeURIComponent(mediaId), { method: 'GET' });
        if (typeof meta.url !== 'string') throw new ChannelError('WhatsApp media: no url', false);
        const res = await fetch(meta.url, { headers: this.auth }).catch((err: Error) => {
          throw new ChannelError(`unreachable: ${err.message}`, true);
        });
        if (!res.ok || !res.body) throw new ChannelError(`WhatsApp media download: HTTP ${res.status}`, res.status >= 500);
        const size = typeof meta.file_size === 'number' ? meta.file_size : Number(res.headers.get('content-length')) || null;
        return { body: Readable.fromWeb(res.body as any), size, mime: typeof meta.mime_type === 'string' ? meta.mime_type : mime };
      },
    };
  }

  private async message(to: string, payload: Record<string, unknown>): Promise<RemoteRef> {
    const r = await this.call(`${this.settings.phoneNumberId}/messages`, {
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to, ...payload },
    });
    const id = r.messages?.[0]?.id;
    if (typeof id !== 'string') throw new ChannelError('WhatsApp messages: no message id', false);
    return { id, part: 'text' };
  }

  private text(to: string, body: string): Promise<RemoteRef> {
    return this.message(to, { type: 'text', text: { body, preview_url: false } });
  }

  async send(chatId: string, out: Outbound): Promise<RemoteRef[]> {
    const refs: RemoteRef[] = [];
    if (out.system) {
      refs.push(await this.text(chatId, withHeading(out.locale, out.text)));
      return refs;
    }
    const showable = out.files.filter(canShowInWhatsApp);
    const captioned = showable.length === 1 && showable[0]?.kind !== 'audio' && out.text !== '' && out.text.length <= 1024;
    if (out.text !== '' && !captioned) refs.push(await this.text(chatId, out.text));
    for (const f of showable) {
      const form = new FormData();
      form.set('messaging_product', 'whatsapp');
      form.set('type', f.mime);
      form.set('file', new Blob([await readFile(f.path)], { type: f.mime }), f.name);
      const up = await this.call(`${this.settings.phoneNumberId}/media`, { form, timeoutMs: 120_000 });
      if (typeof up.id !== 'string') throw new ChannelError('WhatsApp media: no id', false);
      const media: Record<string, unknown> = { id: up.id };
      if (captioned) media.caption = out.text;
      if (f.kind === 'document') media.filename = f.name;
      const ref = await this.message(chatId, { type: f.kind, [f.kind]: media });
      refs.push({ id: ref.id, part: captioned ? 'caption' : 'file' });
    }
    // What WhatsApp cannot carry (a type it does not take, a file over its limit) is announced, never dropped silently.
    if (showable.length < out.files.length) refs.push(await this.text(chatId, withHeading(out.locale, channelText(out.locale, 'cannotShow'))));
    return refs;
  }

  /** WhatsApp has no edits or deletions of business messages: the client is told to look elsewhere. */
  async edit(chatId: string, _refs: RemoteRef[], out: Outbound): Promise<RemoteRef[]> {
    return [await this.text(chatId, withHeading(out.locale, channelText(out.locale, 'cannotShow')))];
  }

  async delete(chatId: string, _refs: RemoteRef[], out: Outbound): Promise<void> {
    await this.text(chatId, withHeading(out.locale, channelText(out.locale, 'cannotShow')));
  }

  async test(): Promise<ChannelTestResponse> {
    try {
      const r = await this.call(`${this.settings.phoneNumberId}?fields=display_phone_number,verified_name`, { method: 'GET', timeoutMs: 10_000 });
      return { ok: true, detail: [r.verified_name, r.display_phone_number].filter((x) => typeof x === 'string').join(' ') || this.settings.phoneNumberId };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
}
