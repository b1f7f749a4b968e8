import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_TEXTS } from '@parley/protocol';
import { DEMO_PROJECT, clientId, loginOperator, startServer, type OperatorClient, type RunningServer } from './harness';
import { WhatsAppStandIn } from './channel-standins';
import { exe, pngOfSize, zip } from './fixtures';

const MB = 1024 * 1024;
let wa: WhatsAppStandIn;
let srv: RunningServer;
let owner: OperatorClient;
let n = 1;

beforeAll(async () => {
  wa = await new WhatsAppStandIn().start();
  srv = await startServer({ env: { PARLEY_WHATSAPP_API_URL: wa.url, PARLEY_CHANNEL_RETRY_MS: '20', PARLEY_CHANNEL_RETRY_CAP_MS: '100' } });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  const r = await owner.put('/api/v1/operator/channels/whatsapp', {
    enabled: true,
    token: wa.token,
    phoneNumberId: wa.phoneNumberId,
    appSecret: wa.appSecret,
    verifyToken: 'verify-me-please',
    defaultLocale: 'en',
  });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await srv?.stop();
  await wa?.stop();
});

/** A Cloud API notification with one message, as Meta posts it. */
function notification(from: string, message: Record<string, unknown>, name = 'Maria') {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550100000', phone_number_id: wa.phoneNumberId },
              contacts: [{ profile: { name }, wa_id: from }],
              messages: [{ from, id: `wamid.in${n++}`, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
            },
          },
        ],
      },
    ],
  };
}

async function post(body: unknown, signature?: string): Promise<number> {
  const raw = JSON.stringify(body);
  const r = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature ?? wa.signature(raw) },
    body: raw,
  });
  await r.arrayBuffer();
  return r.status;
}

async function dialogOf(from: string): Promise<any> {
  const r = await owner.get('/api/v1/operator/dialogs?view=all&channel=whatsapp&limit=100');
  for (const d of r.body.dialogs) {
    const tl = (await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body;
    if (tl.messages.some((m: any) => m.author.kind === 'visitor' && m.channel === 'whatsapp') && d.visitor.name === `Client ${from}`) return d;
  }
  return undefined;
}

const sentTo = (to: string) => wa.of('messages').filter((c) => c.body.to === to);
const textsTo = (to: string) =>
  sentTo(to)
    .filter((c) => c.body.type === 'text')
    .map((c) => c.body.text.body);
const heading = (locale: 'ru' | 'en' | 'fr', text: string) => `*${CHANNEL_TEXTS[locale].systemHeading}*\n${text}`;

describe('WhatsApp Business (Cloud API)', () => {
  it('webhook verification answers hub.challenge only to the right verify token; unsigned or badly signed calls are refused', async () => {
    const ok = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`);
    expect(bad.status).toBe(403);
    const body = notification('79990000001', { type: 'text', text: { body: 'forged' } });
    expect(await post(body, 'sha256=00')).toBe(403);
    expect(await post(body, wa.signature(JSON.stringify(body) + ' '))).toBe(403);
    expect(await owner.post('/api/v1/operator/channels/whatsapp/test')).toMatchObject({ body: { ok: true, detail: 'Parley Test +1 555-010-0000' } });
  });

  it('messages in (once, even when delivered twice); replies out in the default language; the operator switches the language', async () => {
    const from = '79990000002';
    const body = notification(from, { type: 'text', text: { body: 'Hello, is my order shipped?' } }, `Client ${from}`);
    expect(await post(body)).toBe(200);
    expect(await post(body)).toBe(200);
    const d = await dialogOf(from);
    expect(d.channel).toBe('whatsapp');
    const tl = (await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages;
    expect(tl.map((m: any) => [m.text, m.channel])).toEqual([['Hello, is my order shipped?', 'whatsapp']]);
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/channels`)).body.channels).toEqual([
      { channel: 'whatsapp', locale: 'en', phone: null, phoneState: null, windowEndsAt: expect.any(Number), held: 0 },
    ]);

    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Yes, today.' });
    await wa.waitFor(() => textsTo(from).includes('Yes, today.'));
    // A sticker is not a file Parley takes: the system message, with its heading, in the dialog's language.
    await post(notification(from, { type: 'sticker', sticker: { id: 'st1', mime_type: 'image/webp' } }, `Client ${from}`));
    await wa.waitFor(() => textsTo(from).includes(heading('en', CHANNEL_TEXTS.en.unsupportedFile)));

    const sw = await owner.put(`/api/v1/operator/dialogs/${d.id}/channels`, { locale: 'ru' });
    expect(sw.body.channels[0].locale).toBe('ru');
    await post(notification(from, { type: 'location', location: { latitude: 55.7, longitude: 37.6 } }, `Client ${from}`));
    await wa.waitFor(() => textsTo(from).includes(heading('ru', 'Данный тип файла не поддерживается. Ваше сообщение не доставлено')));
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages).toHaveLength(2);
  });

  it('client files: media at the limits are stored; a type Parley does not take is refused with the system message', async () => {
    const from = '79990000003';
    wa.media.set('img5', { bytes: pngOfSize(5 * MB), type: 'image/png' });
    await post(notification(from, { type: 'image', image: { id: 'img5', mime_type: 'image/png', caption: 'Photo of the box' } }, `Client ${from}`));
    const d = await dialogOf(from);
    const m = (await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages[0];
    expect(m).toMatchObject({ text: 'Photo of the box', channel: 'whatsapp' });
    expect(m.attachments[0]).toMatchObject({ kind: 'image', size: 5 * MB });

    wa.media.set('doc-exe', { bytes: exe(), type: 'application/x-msdownload' });
    await post(
      notification(from, { type: 'document', document: { id: 'doc-exe', filename: 'setup.exe', mime_type: 'application/x-msdownload' } }, `Client ${from}`),
    );
    await wa.waitFor(() => textsTo(from).includes(heading('en', CHANNEL_TEXTS.en.unsupportedFile)));
    wa.media.set('img-big', { bytes: pngOfSize(5 * MB + 1), type: 'image/png' });
    await post(notification(from, { type: 'image', image: { id: 'img-big', mime_type: 'image/png' } }, `Client ${from}`));
    await wa.waitFor(() => textsTo(from).includes(heading('en', CHANNEL_TEXTS.en.tooLarge)));
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages).toHaveLength(1);
  });

  it('operator files: up to the limits as media; over them or of a type WhatsApp cannot show, the client gets the system message; edits and deletes too', async () => {
    const from = '79990000004';
    await post(notification(from, { type: 'text', text: { body: 'Send me the invoice' } }, `Client ${from}`));
    const d = await dialogOf(from);
    await owner.put(`/api/v1/operator/dialogs/${d.id}/channels`, { locale: 'ru' });
    const cannot = heading('ru', 'Текущее сообщение не может быть отображено. Вы можете ознакомиться с этим сообщением в другом канале связи');
    const upload = async (bytes: Buffer, type: string, name: string) => (await owner.upload('/api/v1/operator/uploads', bytes, { type, name })).body.upload.id;
    const atLimit = await upload(pngOfSize(5 * MB), 'image/png', 'plan.png');
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'The plan', attachments: [atLimit] });
    await wa.waitFor(() => sentTo(from).some((c) => c.body.type === 'image'));
    expect(sentTo(from).find((c) => c.body.type === 'image')?.body.image).toMatchObject({ caption: 'The plan' });
    expect(wa.of('media').at(-1)).toMatchObject({
      body: { messaging_product: 'whatsapp', type: 'image/png' },
      files: { file: { name: 'plan.png', size: 5 * MB } },
    });

    // The project takes bigger images than WhatsApp carries (5 MB).
    const project = (await owner.get('/api/v1/operator/project')).body.settings;
    await owner.patch('/api/v1/operator/project', {
      settings: { attachments: { ...project.attachments, limits: { ...project.attachments.limits, image: 10 * MB } } },
    });
    const over = await upload(pngOfSize(5 * MB + 1), 'image/png', 'big.png');
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Big one', attachments: [over] });
    await wa.waitFor(() => textsTo(from).includes(cannot));
    expect(textsTo(from)).toEqual(['Big one', cannot]);
    const archive = await upload(zip('a.txt', 'x'), 'application/zip', 'invoice.zip');
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: '', attachments: [archive] });
    await wa.waitFor(() => textsTo(from).filter((t) => t === cannot).length === 2);
    const pdf = await upload(Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'), 'application/pdf', 'invoice.pdf');
    const withPdf = await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Invoice', attachments: [pdf] });
    await wa.waitFor(() => sentTo(from).some((c) => c.body.type === 'document'));
    expect(sentTo(from).find((c) => c.body.type === 'document')?.body.document).toMatchObject({ caption: 'Invoice', filename: 'invoice.pdf' });

    // WhatsApp has no edits or deletions of business messages: the client is told to look elsewhere.
    await owner.patch(`/api/v1/operator/dialogs/${d.id}/messages/${withPdf.body.message.id}`, { text: 'Invoice (corrected)' });
    await wa.waitFor(() => textsTo(from).filter((t) => t === cannot).length === 3);
    await owner.delete(`/api/v1/operator/dialogs/${d.id}/messages/${withPdf.body.message.id}`);
    await wa.waitFor(() => textsTo(from).filter((t) => t === cannot).length === 4);
  });

  it('the platform being down loses nothing', async () => {
    const from = '79990000005';
    await post(notification(from, { type: 'text', text: { body: 'Anyone?' } }, `Client ${from}`));
    const d = await dialogOf(from);
    wa.down = true;
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'One' });
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Two' });
    await wa.waitFor((c) => c.filter((x) => x.method === 'down').length >= 3);
    wa.down = false;
    await wa.waitFor(() => textsTo(from).length === 2);
    expect(textsTo(from)).toEqual(['One', 'Two']);
  });
});
