import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_TEXTS } from '@parley/protocol';
import {
  DEMO_PROJECT,
  clientId,
  loginOperator,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  sign,
  startServer,
  type IdentityKeys,
  type OperatorClient,
  type RunningServer,
} from './harness';
import { TelegramStandIn } from './channel-standins';
import { pngOfSize, zip, exe } from './fixtures';

const RU = CHANNEL_TEXTS.ru;
const SECRET = 'tg-webhook-secret-0123456789';
let tg: TelegramStandIn;
let srv: RunningServer;
let owner: OperatorClient;
let keys: IdentityKeys;
let updateId = 1;
let messageId = 1;

beforeAll(async () => {
  tg = await new TelegramStandIn().start();
  srv = await startServer({
    env: {
      PARLEY_TELEGRAM_API_URL: tg.url,
      PARLEY_CHANNEL_RETRY_MS: '20',
      PARLEY_CHANNEL_RETRY_CAP_MS: '100',
      PARLEY_TELEGRAM_POLL_SECONDS: '1',
      // On PostgreSQL (npm run test:pg) the SIGKILLed process's claims are waited out, not released.
      PARLEY_LEASE_MS: '2000',
    },
  });
  owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  keys = await projectKeys(owner);
});
afterAll(async () => {
  await srv?.stop();
  await tg?.stop();
});
// A test that fails while the platform is down must not leave it down for the next ones.
afterEach(() => {
  if (tg) tg.down = false;
});

function settings(over: Record<string, unknown> = {}) {
  return { enabled: true, token: tg.token, webhookSecret: SECRET, mode: 'webhook', defaultLocale: 'ru', verifyPhone: false, phoneLookupUrl: null, ...over };
}

/** A private message update as Telegram sends it. */
function update(chatId: number, m: Record<string, unknown>, first = 'Ivan') {
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: first },
      from: { id: chatId, is_bot: false, first_name: first },
      ...m,
    },
  };
}

async function deliver(u: unknown, secret = SECRET): Promise<number> {
  const r = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(u),
  });
  await r.arrayBuffer();
  return r.status;
}

async function dialogOfChat(chatId: number): Promise<any> {
  // A few tries with a pause: on a loaded machine (and on PostgreSQL) the list may trail the update's commit.
  for (let i = 0; i < 15; i++) {
    if (i > 0) await new Promise((r) => setTimeout(r, 200));
    const r = await owner.get('/api/v1/operator/dialogs?view=all&channel=telegram&limit=100');
    const hit = await Promise.all(r.body.dialogs.map(async (d: any) => ({ d, tl: (await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body })));
    const found = hit.find((x) => x.tl.messages.some((m: any) => m.clientId?.startsWith(`tg-msg-${chatId}-`)));
    if (found) return found.d;
  }
  return undefined;
}

async function texts(dialogId: string): Promise<{ author: string; text: string; channel?: string }[]> {
  const tl = await owner.get(`/api/v1/operator/dialogs/${dialogId}/timeline`);
  return tl.body.messages.map((m: any) => ({ author: m.author.kind, text: m.text, ...(m.channel ? { channel: m.channel } : {}) }));
}

const sentTexts = (chatId: number) => tg.calls.filter((c) => c.method === 'sendMessage' && String(c.body.chat_id) === String(chatId)).map((c) => c.body.text);

describe('Telegram bot', () => {
  it('binds by token: registers the webhook with its secret, tests the connection, refuses a wrong secret', async () => {
    const r = await owner.put('/api/v1/operator/channels/telegram', settings());
    expect(r.status).toBe(200);
    expect(r.body.telegram.token).toBe(tg.token);
    expect(tg.webhook).toEqual({ url: `${srv.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, secret: SECRET });
    const t = await owner.post('/api/v1/operator/channels/telegram/test');
    expect(t.body).toEqual({ ok: true, detail: '@parley_test_bot' });
    expect(await deliver(update(1, { text: 'x' }), 'wrong-secret-0123456789')).toBe(403);
    const bad = await owner.put('/api/v1/operator/channels/telegram', settings({ token: 'not a token' }));
    expect(bad.status).toBe(400);
  });

  it('verification off: an anonymous visitor; a duplicate update is stored once; replies, edits and deletes go back', async () => {
    const chat = 5001;
    const u = update(chat, { text: 'Здравствуйте, вопрос по заказу' });
    expect(await deliver(u)).toBe(200);
    expect(await deliver(u)).toBe(200); // Telegram redelivers
    const d = await dialogOfChat(chat);
    expect(d.channel).toBe('telegram');
    expect(d.visitor.kind).toBe('anonymous');
    expect(d.visitor.name).toBe('Ivan');
    expect(await texts(d.id)).toEqual([{ author: 'visitor', text: 'Здравствуйте, вопрос по заказу', channel: 'telegram' }]);

    const reply = await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Добрый день! Номер заказа?' });
    expect(reply.status).toBe(201);
    await tg.waitFor(() => sentTexts(chat).includes('Добрый день! Номер заказа?'));
    const sent = tg.of('sendMessage').find((c) => c.body.text === 'Добрый день! Номер заказа?');

    const mid = reply.body.message.id;
    expect((await owner.patch(`/api/v1/operator/dialogs/${d.id}/messages/${mid}`, { text: 'Добрый день! Какой номер заказа?' })).status).toBe(200);
    const edit = (await tg.waitFor((c) => c.some((x) => x.method === 'editMessageText'))).find((x) => x.method === 'editMessageText');
    expect(edit?.body).toMatchObject({ chat_id: String(chat), text: 'Добрый день! Какой номер заказа?' });
    expect(Number(edit?.body.message_id)).toBeGreaterThan(0);
    expect((await owner.delete(`/api/v1/operator/dialogs/${d.id}/messages/${mid}`)).status).toBe(200);
    const del = (await tg.waitFor((c) => c.some((x) => x.method === 'deleteMessage'))).find((x) => x.method === 'deleteMessage');
    expect(del?.body.message_id).toBe(edit?.body.message_id);
    expect(sent).toBeTruthy();

    // Closed: the next contact is a new dialog (anonymous), the old one stays closed.
    await owner.post(`/api/v1/operator/dialogs/${d.id}/close`, { status: 'resolved' });
    await deliver(update(chat, { text: 'Ещё вопрос' }));
    const list = await owner.get('/api/v1/operator/dialogs?view=all&channel=telegram&limit=100');
    const again = [];
    for (const x of list.body.dialogs) if ((await texts(x.id)).some((m) => m.text === 'Ещё вопрос')) again.push(x);
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(d.id);
  });

  it('the platform being down loses nothing: sends are retried with backoff and go out once, in order', async () => {
    const chat = 5002;
    await deliver(update(chat, { text: 'Алло' }));
    const d = await dialogOfChat(chat);
    tg.down = true;
    for (const t of ['первый', 'второй', 'третий']) await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: t });
    // Several failed tries (each answered 502) before the platform comes back.
    await tg.waitFor((c) => c.filter((x) => x.method === 'down' && x.body.path.endsWith('/sendMessage')).length >= 3); // the first test of this file to go down
    // The ack does not wait for the fan-out that queues a send: all three are queued soon after.
    await vi.waitFor(
      async () => {
        const status = await owner.get('/api/v1/operator/channels');
        expect(status.body.status.telegram.pending).toBe(3);
        expect(status.body.status.telegram.lastError).toMatch(/502/);
      },
      { timeout: 15_000, interval: 100 },
    );
    tg.down = false;
    await tg.waitFor(() => sentTexts(chat).length === 3);
    expect(sentTexts(chat)).toEqual(['первый', 'второй', 'третий']);
    // Nothing is sent twice after the platform is back (a later send goes out right after them).
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'четвёртый' });
    await tg.waitFor(() => sentTexts(chat).includes('четвёртый'));
    expect(sentTexts(chat)).toEqual(['первый', 'второй', 'третий', 'четвёртый']);
  });

  it('attachments: a client file at the limit is stored, over it or of a refused type the client is told; operator files go out as files', async () => {
    const chat = 5003;
    tg.addFile('doc-at-limit', pngOfSize(5 * 1024 * 1024), 'documents/at-limit.png');
    await deliver(
      update(chat, {
        document: { file_id: 'doc-at-limit', file_unique_id: 'a', file_name: 'scan.png', mime_type: 'image/png', file_size: 5 * 1024 * 1024 },
        caption: 'Скан',
      }),
    );
    const d = await dialogOfChat(chat);
    const tl = await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`);
    expect(tl.body.messages[0]).toMatchObject({ text: 'Скан', channel: 'telegram' });
    expect(tl.body.messages[0].attachments[0]).toMatchObject({ name: 'scan.png', kind: 'image', size: 5 * 1024 * 1024 });

    tg.addFile('doc-over', pngOfSize(5 * 1024 * 1024 + 1), 'documents/over.png');
    await deliver(
      update(chat, { document: { file_id: 'doc-over', file_unique_id: 'b', file_name: 'big.png', mime_type: 'image/png', file_size: 5 * 1024 * 1024 + 1 } }),
    );
    await tg.waitFor(() => sentTexts(chat).includes(RU.tooLarge));
    tg.addFile('doc-exe', exe(), 'documents/setup.exe');
    await deliver(update(chat, { document: { file_id: 'doc-exe', file_unique_id: 'c', file_name: 'setup.exe', mime_type: 'application/octet-stream' } }));
    await tg.waitFor(() => sentTexts(chat).includes(RU.unsupportedFile));
    await deliver(update(chat, { sticker: { file_id: 'st', file_unique_id: 'st', type: 'regular', width: 512, height: 512 } }));
    await tg.waitFor(() => sentTexts(chat).filter((t) => t === RU.unsupportedFile).length === 2);
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/timeline`)).body.messages).toHaveLength(1);

    const up = await owner.upload('/api/v1/operator/uploads', zip('price.txt', 'prices'), { type: 'application/zip', name: 'price.zip' });
    expect(up.status).toBe(201);
    const pic = await owner.upload('/api/v1/operator/uploads', pngOfSize(2048), { type: 'image/png', name: 'map.png' });
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Прайс', attachments: [up.body.upload.id] });
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: '', attachments: [pic.body.upload.id] });
    const calls = await tg.waitFor((c) => c.some((x) => x.method === 'sendDocument') && c.some((x) => x.method === 'sendPhoto'));
    expect(calls.find((x) => x.method === 'sendDocument')).toMatchObject({
      body: { chat_id: String(chat), caption: 'Прайс' },
      files: { document: { name: 'price.zip' } },
    });
    expect(calls.find((x) => x.method === 'sendPhoto')).toMatchObject({ body: { chat_id: String(chat) }, files: { photo: { name: 'map.png', size: 2048 } } });
  });
});

describe('Telegram phone verification (SupHelper)', () => {
  const verifiedPhone = '+7 916 555-12-34';
  let user: string;
  let webDialog: string;

  beforeAll(async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings({ verifyPhone: true }))).status).toBe(200);
    user = `user-${clientId()}`;
    const web = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(keys, user), name: 'Анна', phone: verifiedPhone } });
    await web.welcome;
    webDialog = (await sendMessage(web, 'Пишу с сайта')).dialogId;
    web.ws.close();
  });

  it('neither pressed: the client is asked after each message, with the contact button; nothing reaches operators yet', async () => {
    const chat = 6001;
    await deliver(update(chat, { text: 'Привет' }));
    await deliver(update(chat, { text: 'Ответьте' }));
    await tg.waitFor(() => sentTexts(chat).length === 2);
    expect(sentTexts(chat)).toEqual([RU.phoneRequired, RU.phoneRequired]);
    const ask = tg.of('sendMessage').find((c) => String(c.body.chat_id) === String(chat));
    expect(ask?.body.reply_markup.keyboard).toEqual([[{ text: RU.shareButton, request_contact: true }], [{ text: RU.refuseButton }]]);
    expect(await dialogOfChat(chat)).toBeUndefined();
  });

  it("shared, a known number: the client joins the signed-in visitor's one dialog; the operator sees the number and country code", async () => {
    const chat = 6002;
    await deliver(update(chat, { text: 'Где мой заказ?' }));
    await deliver(update(chat, { contact: { phone_number: '79165551234', first_name: 'Анна', user_id: chat } }));
    await tg.waitFor(() => sentTexts(chat).includes(RU.phoneThanks));
    expect(tg.of('sendMessage').find((c) => c.body.text === RU.phoneThanks && String(c.body.chat_id) === String(chat))?.body.reply_markup).toEqual({
      remove_keyboard: true,
    });
    const msgs = await texts(webDialog);
    expect(msgs).toEqual([
      { author: 'visitor', text: 'Пишу с сайта', channel: 'web' },
      { author: 'system', text: 'Клиент предоставил номер телефона: +79165551234 (код страны +7)' },
      { author: 'visitor', text: 'Где мой заказ?', channel: 'telegram' },
    ]);
    // The choice holds: further messages go straight in, no question.
    await deliver(update(chat, { text: 'Спасибо' }));
    expect((await texts(webDialog)).at(-1)).toEqual({ author: 'visitor', text: 'Спасибо', channel: 'telegram' });
    expect(sentTexts(chat)).toEqual([RU.phoneRequired, RU.phoneThanks]);
    // The operator's reply goes to Telegram (where the client last wrote).
    await owner.post(`/api/v1/operator/dialogs/${webDialog}/messages`, { clientId: clientId(), text: 'Заказ в пути' });
    await tg.waitFor(() => sentTexts(chat).includes('Заказ в пути'));
  });

  it('shared, an unknown number: manual verification is asked for; "verify manually" links the dialog to the signed-in visitor', async () => {
    const chat = 6003;
    await deliver(update(chat, { text: 'Добрый день' }));
    await deliver(update(chat, { contact: { phone_number: '+33612345678', first_name: 'Jean', user_id: chat } }));
    await tg.waitFor(() => sentTexts(chat).includes(RU.phoneThanks));
    const d = await dialogOfChat(chat);
    expect(d.visitor.kind).toBe('anonymous');
    expect(d.visitor.phone).toBe('+33612345678');
    expect(await texts(d.id)).toEqual([
      { author: 'system', text: 'Клиент предоставил номер телефона: +33612345678 (код страны +33)' },
      { author: 'visitor', text: 'Добрый день', channel: 'telegram' },
      { author: 'system', text: RU.phoneManual },
    ]);
    const other = `user-${clientId()}`;
    const w = await openVisitorSocket(srv.url, { identity: { id: other, signature: sign(keys, other), name: 'Jean' } });
    await w.welcome;
    w.ws.close();
    const v = await owner.post(`/api/v1/operator/dialogs/${d.id}/verify`, { userId: other });
    expect(v.status).toBe(200);
    expect(v.body.dialog.visitor).toMatchObject({ kind: 'verified', userId: other });
    await deliver(update(chat, { text: 'И ещё' }));
    const after = await texts(d.id);
    expect(after.at(-2)?.text).toBe(`Номер верифицирован вручную: клиент ${other}`);
    expect(after.at(-1)).toEqual({ author: 'visitor', text: 'И ещё', channel: 'telegram' });
    expect((await owner.post(`/api/v1/operator/dialogs/${d.id}/verify`, { userId: 'nobody-here' })).status).toBe(404);
  });

  it('refused: both sides are told; the client continues as anonymous; after the dialog is closed the question comes again', async () => {
    const chat = 6004;
    await deliver(update(chat, { text: 'Вопрос' }));
    await deliver(update(chat, { text: RU.refuseButton }));
    await tg.waitFor(() => sentTexts(chat).includes(RU.phoneRefusedClient));
    const d = await dialogOfChat(chat);
    expect(d.visitor.kind).toBe('anonymous');
    expect(await texts(d.id)).toEqual([
      { author: 'visitor', text: 'Вопрос', channel: 'telegram' },
      { author: 'system', text: RU.phoneRefusedOperator },
    ]);
    await deliver(update(chat, { text: 'Продолжаю' }));
    expect((await texts(d.id)).at(-1)?.text).toBe('Продолжаю');
    await owner.post(`/api/v1/operator/dialogs/${d.id}/close`, { status: 'resolved' });
    await deliver(update(chat, { text: 'Снова я' }));
    await tg.waitFor(() => sentTexts(chat).filter((t) => t === RU.phoneRequired).length === 2);
    expect(sentTexts(chat)).toEqual([RU.phoneRequired, RU.phoneRefusedClient, RU.phoneRequired]);
  });
});

describe('one dialog across channels', () => {
  it('a signed-in visitor moves from the web widget to Telegram (deep link) and back within one dialog', async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings({ verifyPhone: true }))).status).toBe(200);
    const user = `user-${clientId()}`;
    const web = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(keys, user), name: 'Олег' } });
    const welcome = await web.welcome;
    const a1 = await sendMessage(web, 'С сайта');
    const ref = await fetch(`${srv.url}/api/v1/widget/channel-ref`, { method: 'POST', headers: { authorization: `Bearer ${welcome.token}` } });
    expect(ref.status).toBe(201);
    const { ref: start } = (await ref.json()) as { ref: string };

    const chat = 7001;
    await deliver(update(chat, { text: `/start ${start}` }));
    await deliver(update(chat, { text: 'Теперь из Телеграма' }));
    // Signed in already: no phone question.
    expect(sentTexts(chat)).toEqual([]);
    await web.waitFor((f) => f.type === 'message.new' && f.message.text === 'Теперь из Телеграма');
    await owner.post(`/api/v1/operator/dialogs/${a1.dialogId}/messages`, { clientId: clientId(), text: 'Ответ в Телеграм' });
    await tg.waitFor(() => sentTexts(chat).includes('Ответ в Телеграм'));

    const a2 = await sendMessage(web, 'Снова с сайта');
    expect(a2.dialogId).toBe(a1.dialogId);
    await owner.post(`/api/v1/operator/dialogs/${a1.dialogId}/messages`, { clientId: clientId(), text: 'Ответ на сайте' });
    await web.waitFor((f) => f.type === 'message.new' && f.message.text === 'Ответ на сайте');
    expect(await texts(a1.dialogId)).toEqual([
      { author: 'visitor', text: 'С сайта', channel: 'web' },
      { author: 'visitor', text: 'Теперь из Телеграма', channel: 'telegram' },
      { author: 'operator', text: 'Ответ в Телеграм' },
      { author: 'visitor', text: 'Снова с сайта', channel: 'web' },
      { author: 'operator', text: 'Ответ на сайте' },
    ]);
    // The web reply is not sent to Telegram (the client wrote from the web last); the next Telegram one is.
    await deliver(update(chat, { text: 'И снова Телеграм' }));
    await owner.post(`/api/v1/operator/dialogs/${a1.dialogId}/messages`, { clientId: clientId(), text: 'Финал' });
    await tg.waitFor(() => sentTexts(chat).includes('Финал'));
    expect(sentTexts(chat)).toEqual(['Ответ в Телеграм', 'Финал']);
    web.ws.close();
  });

  it("a ref asked for with the page's identity proof (the multiwidget, no visitor token) joins that signed-in visitor's dialog", async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings({ verifyPhone: true }))).status).toBe(200);
    const user = `user-${clientId()}`;
    const web = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(keys, user) } });
    await web.welcome;
    const a1 = await sendMessage(web, 'Вопрос с сайта');
    const ask = (project: string, body: unknown) =>
      fetch(`${srv.url}/api/v1/widget/projects/${project}/channel-ref`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const proof = { id: user, signature: sign(keys, user) };
    expect((await ask(DEMO_PROJECT, { identity: { id: user, signature: sign(keys, 'someone-else') } })).status).toBe(401);
    expect((await ask(DEMO_PROJECT, { identity: proof, visitorId: 'x' })).status).toBe(400);
    expect((await ask('no-such-project', { identity: proof })).status).toBe(404);
    const r = await ask(DEMO_PROJECT, { identity: proof });
    expect(r.status).toBe(201);
    const { ref } = (await r.json()) as { ref: string };

    const chat = 7002;
    await deliver(update(chat, { text: `/start ${ref}` }));
    await deliver(update(chat, { text: 'Из Телеграма по пропуску' }));
    // Signed in: no phone question; the message is in the web dialog, live on the web socket.
    expect(sentTexts(chat)).toEqual([]);
    await web.waitFor((f) => f.type === 'message.new' && f.message.text === 'Из Телеграма по пропуску');
    expect((await texts(a1.dialogId)).map((m) => m.text)).toEqual(['Вопрос с сайта', 'Из Телеграма по пропуску']);
    web.ws.close();
  });
});

describe('the multiwidget deep link (t.me/<bot>?start=<dialog id>)', () => {
  it("joins the open anonymous web dialog it came from, never a signed-in visitor's", async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings())).status).toBe(200);
    const anon = await openVisitorSocket(srv.url);
    await anon.welcome;
    const a = await sendMessage(anon, 'Анонимно с сайта');
    await deliver(update(7101, { text: `/start ${a.dialogId}` }));
    await deliver(update(7101, { text: 'Продолжу в Телеграме' }));
    await anon.waitFor((f) => f.type === 'message.new' && f.message.text === 'Продолжу в Телеграме');
    expect((await texts(a.dialogId)).map((m) => m.channel)).toEqual(['web', 'telegram']);

    const user = `user-${clientId()}`;
    const web = await openVisitorSocket(srv.url, { identity: { id: user, signature: sign(keys, user) } });
    await web.welcome;
    const v = await sendMessage(web, 'Я авторизован');
    await deliver(update(7102, { text: `/start ${v.dialogId}` }));
    await deliver(update(7102, { text: 'Чужой' }));
    expect((await texts(v.dialogId)).map((m) => m.text)).toEqual(['Я авторизован']);
    const other = await dialogOfChat(7102);
    expect(other.id).not.toBe(v.dialogId);
    expect(other.visitor.kind).toBe('anonymous');
    anon.ws.close();
    web.ws.close();
  });
});

describe('erasure', () => {
  it('erasing a Telegram client forgets their chat and phone: the next message starts afresh', async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings())).status).toBe(200);
    const chat = 7301;
    await deliver(update(chat, { text: 'Удалите мои данные' }));
    const d = await dialogOfChat(chat);
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/channels`)).body.channels).toHaveLength(1);
    expect((await owner.post(`/api/v1/operator/visitors/${d.visitor.id}/erase`)).status).toBe(200);
    expect((await owner.get(`/api/v1/operator/dialogs/${d.id}/channels`)).body.channels).toEqual([]);
    await deliver(update(chat, { text: 'Я снова здесь' }));
    const again = await dialogOfChat(chat);
    expect(again.id).not.toBe(d.id);
    expect(again.visitor.id).not.toBe(d.visitor.id);
  });
});

describe('durable after a crash', () => {
  it('sends waiting for a platform that is down survive a SIGKILL and go out after the restart', async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings())).status).toBe(200);
    const chat = 7201;
    await deliver(update(chat, { text: 'Есть кто?' }));
    const d = await dialogOfChat(chat);
    tg.down = true;
    const downs = () => tg.calls.filter((x) => x.method === 'down' && x.body.path.endsWith('/sendMessage')).length;
    const before = downs();
    await owner.post(`/api/v1/operator/dialogs/${d.id}/messages`, { clientId: clientId(), text: 'Переживёт падение' });
    await tg.waitFor(() => downs() >= before + 2);
    await srv.kill('SIGKILL');
    tg.down = false;
    await srv.restart();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    await tg.waitFor(() => sentTexts(chat).includes('Переживёт падение'));
    expect(sentTexts(chat)).toEqual(['Переживёт падение']);
  });
});

describe('Telegram long polling', () => {
  it('without a public URL the server asks for updates: the webhook is removed, updates are stored once, in order', async () => {
    expect((await owner.put('/api/v1/operator/channels/telegram', settings({ mode: 'polling' }))).status).toBe(200);
    await tg.waitFor((c) => c.some((x) => x.method === 'getUpdates'));
    expect(tg.webhook).toBeNull();
    const chat = 8001;
    tg.push(update(chat, { text: 'По опросу 1' }));
    tg.push(update(chat, { text: 'По опросу 2' }));
    let d: any;
    for (let i = 0; i < 50 && !(d = await dialogOfChat(chat)); i++) await tg.waitFor((c) => c.filter((x) => x.method === 'getUpdates').length > i + 1);
    await tg.waitFor((c) => c.filter((x) => x.method === 'getUpdates').length > 3);
    expect((await texts(d.id)).map((m) => m.text)).toEqual(['По опросу 1', 'По опросу 2']);
    const offsets = tg.of('getUpdates').map((c) => Number(c.body.offset));
    expect(offsets.at(-1)).toBeGreaterThan(offsets[0] as number);
    await owner.put('/api/v1/operator/channels/telegram', settings({ enabled: false }));
  });
});
