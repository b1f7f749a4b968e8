import { describe, expect, it } from 'vitest';
import { parseTelegramUpdate } from './telegram';
import { TelegramApi } from './telegram-api';
import { WhatsAppAdapter, canShowInWhatsApp, parseWhatsAppNotification } from './whatsapp';
import { phoneParts } from './phone';

const api = new TelegramApi('http://127.0.0.1:1', '1:x');
const msg = (m: Record<string, unknown>) => ({
  update_id: 7,
  message: { message_id: 3, date: 1, chat: { id: 42, type: 'private' }, from: { id: 42, first_name: 'Ivan', last_name: 'P' }, ...m },
});

describe('parseTelegramUpdate', () => {
  it('reads private messages: text, /start payload, own contact, the refuse button, files; ids for idempotency', () => {
    expect(parseTelegramUpdate(msg({ text: 'hi' }), api)).toMatchObject({
      updateId: '7',
      chatId: '42',
      clientId: 'tg-msg-42-3',
      name: 'Ivan P',
      text: 'hi',
      files: [],
    });
    expect(parseTelegramUpdate(msg({ text: '/start abc_DEF-1' }), api)).toMatchObject({ start: 'abc_DEF-1', text: '' });
    expect(parseTelegramUpdate(msg({ contact: { phone_number: '79161234567', user_id: 42 } }), api)?.contact).toEqual({ phone: '79161234567' });
    expect(parseTelegramUpdate(msg({ contact: { phone_number: '79161234567', user_id: 43 } }), api)).toMatchObject({ unsupported: true });
    expect(parseTelegramUpdate(msg({ text: 'Отказаться' }), api)?.refused).toBe(true);
    expect(parseTelegramUpdate(msg({ text: 'Refuse' }), api)?.refused).toBe(true);
    const photo = parseTelegramUpdate(
      msg({
        photo: [
          { file_id: 's', file_size: 1 },
          { file_id: 'b', file_size: 9 },
        ],
        caption: 'look',
      }),
      api,
    );
    expect(photo?.files.map((f) => [f.name, f.mime, f.size])).toEqual([['photo-3.jpg', 'image/jpeg', 9]]);
    expect(photo?.text).toBe('look');
    expect(parseTelegramUpdate(msg({ sticker: { file_id: 'x' } }), api)?.unsupported).toBe(true);
  });

  it('ignores groups, channels and what is not a message', () => {
    expect(parseTelegramUpdate({ update_id: 1, message: { message_id: 1, chat: { id: -5, type: 'group' }, text: 'x' } }, api)).toBeNull();
    expect(parseTelegramUpdate({ update_id: 1, callback_query: {} }, api)).toBeNull();
    expect(parseTelegramUpdate({ message: {} }, api)).toBeNull();
  });
});

describe('WhatsApp', () => {
  const wa = new WhatsAppAdapter(
    { enabled: true, token: 't'.repeat(16), phoneNumberId: '123', appSecret: 's'.repeat(16), verifyToken: 'v'.repeat(8), defaultLocale: 'ru' },
    'http://127.0.0.1:1',
  );
  const body = (messages: unknown[], phoneNumberId = '123') => ({
    object: 'whatsapp_business_account',
    entry: [
      {
        changes: [
          {
            field: 'messages',
            value: { metadata: { phone_number_id: phoneNumberId }, contacts: [{ wa_id: '79990001122', profile: { name: 'Maria' } }], messages },
          },
        ],
      },
    ],
  });

  it('reads messages of this number only; reactions are not messages; stickers and locations are unsupported', () => {
    const out = parseWhatsAppNotification(
      body([
        { from: '79990001122', id: 'wamid.A=', type: 'text', text: { body: 'hello' } },
        { from: '79990001122', id: 'wamid.B', type: 'reaction', reaction: {} },
        { from: '79990001122', id: 'wamid.C', type: 'sticker', sticker: { id: 's' } },
        { from: '79990001122', id: 'wamid.D', type: 'document', document: { id: 'm1', filename: 'a.pdf', mime_type: 'application/pdf', caption: 'doc' } },
      ]),
      wa,
      '123',
    );
    expect(out.map((m) => [m.updateId, m.text, m.unsupported ?? false, m.files.map((f) => f.name)])).toEqual([
      ['wamid.A=', 'hello', false, []],
      ['wamid.C', '', true, []],
      ['wamid.D', 'doc', false, ['a.pdf']],
    ]);
    expect(out[0]?.clientId).toMatch(/^wa-[A-Za-z0-9_-]{40}$/);
    expect(out[0]?.name).toBe('Maria');
    expect(parseWhatsAppNotification(body([{ from: '79990001122', id: 'x', type: 'text', text: { body: 'x' } }], '999'), wa, '123')).toEqual([]);
  });

  it('shows only the types and sizes WhatsApp carries', () => {
    const MB = 1024 * 1024;
    expect(canShowInWhatsApp({ kind: 'image', mime: 'image/png', size: 5 * MB })).toBe(true);
    expect(canShowInWhatsApp({ kind: 'image', mime: 'image/png', size: 5 * MB + 1 })).toBe(false);
    expect(canShowInWhatsApp({ kind: 'image', mime: 'image/gif', size: 10 })).toBe(false);
    expect(canShowInWhatsApp({ kind: 'video', mime: 'video/mp4', size: 16 * MB })).toBe(true);
    expect(canShowInWhatsApp({ kind: 'audio', mime: 'audio/mpeg', size: 16 * MB + 1 })).toBe(false);
    expect(canShowInWhatsApp({ kind: 'document', mime: 'application/pdf', size: 100 * MB })).toBe(true);
    expect(canShowInWhatsApp({ kind: 'document', mime: 'application/zip', size: 10 })).toBe(false);
  });
});

describe('phoneParts', () => {
  it('gives the number and its country code from what Telegram passes', async () => {
    expect(await phoneParts('79161234567')).toEqual({ e164: '+79161234567', code: '7', country: 'RU' });
    expect(await phoneParts('+33 6 12 34 56 78')).toEqual({ e164: '+33612345678', code: '33', country: 'FR' });
    expect(await phoneParts('12')).toMatchObject({ e164: '+12', code: '' });
  });
});
