/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   Platform JSON (Telegram updates, Cloud API notifications) is read field by field, each checked with typeof before use. */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { CHANNEL_TEXTS, LOCALES, channelText, type ChannelTestResponse, type TelegramSettings } from '@parley/protocol';
import { TelegramApi } from './telegram-api';
import { DomainError } from '../util/errors';
import { ChannelError, type ChannelAdapter, type Inbound, type InboundFile, type Outbound, type OutboundFile, type RemoteRef } from './types';

/** What bots may send (Bot API): photos up to 10 MB, other files up to 50 MB; captions up to 1024 characters. */
const PHOTO_MAX = 10 * 1024 * 1024;
const FILE_MAX = 50 * 1024 * 1024;
const CAPTION_MAX = 1024;
const BOT_DOWNLOAD_MAX = 20 * 1024 * 1024;
const REFUSE_LABELS = new Set(LOCALES.map((l) => CHANNEL_TEXTS[l].refuseButton));

/** A Telegram update as Parley reads it; null for what is not a private message to the bot. */
export function parseTelegramUpdate(update: any, api: TelegramApi): Inbound | null {
  const m = update?.message ?? update?.edited_message;
  if (typeof update?.update_id !== 'number' || !m || typeof m !== 'object') return null;
  if (m.chat?.type !== 'private' || typeof m.chat.id !== 'number' || typeof m.message_id !== 'number') return null;
  const chatId = String(m.chat.id);
  const from = m.from ?? {};
  const name =
    [from.first_name, from.last_name].filter((x) => typeof x === 'string' && x !== '').join(' ') || (typeof from.username === 'string' ? from.username : null);
  const text: string = typeof m.text === 'string' ? m.text : typeof m.caption === 'string' ? m.caption : '';
  const out: Inbound = { updateId: String(update.update_id), chatId, clientId: `tg-msg-${chatId}-${m.message_id}`, name, text, files: [] };
  if (update.edited_message) out.editOf = out.clientId;
  const start = /^\/start(?:\s+([A-Za-z0-9_-]{1,64}))?\s*$/.exec(text);
  if (start) {
    out.start = start[1] ?? '';
    out.text = '';
  }
  if (m.contact) {
    // Only the client's own card (the request_contact button sends it); a forwarded card is not a verification.
    if (m.contact.user_id === from.id && typeof m.contact.phone_number === 'string') out.contact = { phone: m.contact.phone_number };
    else out.unsupported = true;
    return out;
  }
  if (REFUSE_LABELS.has(text.trim())) out.refused = true;
  const file = (id: unknown, fname: string, mime: unknown, size: unknown): InboundFile | null => {
    if (typeof id !== 'string') return null;
    return {
      name: fname,
      mime: typeof mime === 'string' ? mime : null,
      size: typeof size === 'number' ? size : null,
      async download() {
        // Bots can download files up to 20 MB (Bot API getFile).
        if (typeof size === 'number' && size > BOT_DOWNLOAD_MAX) throw new DomainError('file_too_large');
        const f = await api.call<{ file_path?: string; file_size?: number }>('getFile', { file_id: id });
        if (!f.file_path) throw new DomainError('file_too_large');
        const res = await fetch(api.fileUrl(f.file_path)).catch((err: Error) => {
          throw new ChannelError(`unreachable: ${err.message}`, true);
        });
        if (!res.ok || !res.body) throw new ChannelError(`Telegram file download: HTTP ${res.status}`, res.status >= 500);
        const len = Number(res.headers.get('content-length'));
        return {
          body: Readable.fromWeb(res.body as any),
          size: Number.isFinite(len) && len > 0 ? len : (f.file_size ?? null),
          mime: typeof mime === 'string' ? mime : null,
        };
      },
    };
  };
  const add = (f: InboundFile | null) => f && out.files.push(f);
  if (Array.isArray(m.photo) && m.photo.length > 0) {
    const big = m.photo[m.photo.length - 1];
    add(file(big.file_id, `photo-${m.message_id}.jpg`, 'image/jpeg', big.file_size));
  }
  if (m.document) add(file(m.document.file_id, m.document.file_name ?? `file-${m.message_id}`, m.document.mime_type, m.document.file_size));
  if (m.video) add(file(m.video.file_id, m.video.file_name ?? `video-${m.message_id}.mp4`, m.video.mime_type ?? 'video/mp4', m.video.file_size));
  if (m.audio) add(file(m.audio.file_id, m.audio.file_name ?? `audio-${m.message_id}.mp3`, m.audio.mime_type ?? 'audio/mpeg', m.audio.file_size));
  if (m.voice) add(file(m.voice.file_id, `voice-${m.message_id}.ogg`, m.voice.mime_type ?? 'audio/ogg', m.voice.file_size));
  if (m.video_note) add(file(m.video_note.file_id, `video-${m.message_id}.mp4`, 'video/mp4', m.video_note.file_size));
  if (out.files.length === 0 && text === '' && !start) out.unsupported = true; // stickers, locations, polls...
  return out;
}

function keyboardOf(out: Outbound): Record<string, unknown> | undefined {
  if (out.keyboard === 'phone') {
    const t = CHANNEL_TEXTS[out.locale];
    return { keyboard: [[{ text: t.shareButton, request_contact: true }], [{ text: t.refuseButton }]], resize_keyboard: true, one_time_keyboard: true };
  }
  if (out.keyboard === 'remove') return { remove_keyboard: true };
  return undefined;
}

export class TelegramAdapter implements ChannelAdapter {
  readonly kind = 'telegram' as const;
  readonly api: TelegramApi;

  constructor(
    readonly settings: TelegramSettings,
    apiBase: string,
  ) {
    this.api = new TelegramApi(apiBase, settings.token);
  }

  async send(chatId: string, out: Outbound): Promise<RemoteRef[]> {
    const refs: RemoteRef[] = [];
    const markup = keyboardOf(out);
    const files = out.files.filter((f) => f.size <= FILE_MAX);
    const dropped = out.files.length - files.length;
    let text = out.text;
    if (dropped > 0) text = [text, channelText(out.locale, 'cannotShow')].filter(Boolean).join('\n\n');
    // The text rides as the caption of a single file when it fits; otherwise it is its own message.
    const captioned = files.length === 1 && text.length <= CAPTION_MAX && text !== '';
    if (text !== '' && !captioned) {
      const r = await this.api.call<{ message_id: number }>('sendMessage', { chat_id: chatId, text, ...(markup ? { reply_markup: markup } : {}) });
      refs.push({ id: String(r.message_id), part: 'text' });
    }
    for (const f of files) {
      const r = await this.sendFile(chatId, f, captioned ? text : '', markup && !text ? markup : undefined);
      refs.push({ id: String(r), part: captioned ? 'caption' : 'file' });
    }
    return refs;
  }

  private async sendFile(chatId: string, f: OutboundFile, caption: string, markup: Record<string, unknown> | undefined): Promise<number> {
    const asPhoto = f.kind === 'image' && f.size <= PHOTO_MAX && /^image\/(jpeg|png|webp)$/.test(f.mime);
    const [method, field] = asPhoto
      ? ['sendPhoto', 'photo']
      : f.kind === 'video'
        ? ['sendVideo', 'video']
        : f.kind === 'audio'
          ? ['sendAudio', 'audio']
          : ['sendDocument', 'document'];
    const form = new FormData();
    form.set('chat_id', chatId);
    if (caption) form.set('caption', caption);
    if (markup) form.set('reply_markup', JSON.stringify(markup));
    form.set(field, new Blob([await readFile(f.path)], { type: f.mime }), f.name);
    const r = await this.api.call<{ message_id: number }>(method, form, { timeoutMs: 120_000 });
    return r.message_id;
  }

  async edit(chatId: string, refs: RemoteRef[], out: Outbound): Promise<void> {
    const ref = refs.find((r) => r.part === 'text') ?? refs.find((r) => r.part === 'caption');
    if (!ref) return; // a file without text: nothing to edit
    const method = ref.part === 'text' ? 'editMessageText' : 'editMessageCaption';
    const body: Record<string, unknown> = { chat_id: chatId, message_id: Number(ref.id) };
    body[ref.part === 'text' ? 'text' : 'caption'] = out.text;
    await this.api.call(method, body);
  }

  async delete(chatId: string, refs: RemoteRef[]): Promise<void> {
    for (const r of refs) await this.api.call('deleteMessage', { chat_id: chatId, message_id: Number(r.id) });
  }

  async test(): Promise<ChannelTestResponse> {
    try {
      const me = await this.api.call<{ username?: string; first_name?: string }>('getMe', {}, { timeoutMs: 10_000 });
      return { ok: true, detail: me.username ? `@${me.username}` : String(me.first_name ?? 'bot') };
    } catch (err) {
      return { ok: false, detail: (err as Error).message };
    }
  }
}

/** Telegram calls `url` with every update, sending `secret` in X-Telegram-Bot-Api-Secret-Token. */
export async function setTelegramWebhook(a: TelegramAdapter, url: string): Promise<void> {
  await a.api.call('setWebhook', { url, secret_token: a.settings.webhookSecret, allowed_updates: ['message', 'edited_message'] });
}

export async function deleteTelegramWebhook(a: TelegramAdapter): Promise<void> {
  await a.api.call('deleteWebhook', {});
}
