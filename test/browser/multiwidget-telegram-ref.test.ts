/**
 * Issue 18: a signed-in visitor's Telegram button in the multiwidget. The ref comes from the server
 * (asked for with the proof the page gave identify(), only on the click, in a window opened by the
 * click), and the Telegram chat that starts with it joins the visitor's one continuous dialog.
 * Telegram itself is the loopback Bot API stand-in; t.me is answered by Playwright.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  DEMO_PROJECT,
  clientId,
  loginOperator,
  openOperatorSocket,
  projectKeys,
  sign,
  startServer,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { TelegramStandIn } from '../../packages/server/test/channel-standins';
import { ch, configure, expectClean, item, openList, openShop } from './multiwidget-support';

let tg: TelegramStandIn;
let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let operatorSocket: FrameSocket;
const SECRET = 'tg-webhook-secret-for-the-ref-test';
let updateId = 1;

/** A private message to the bot, as Telegram posts it to the webhook. */
async function fromTelegram(chatId: number, text: string): Promise<void> {
  const r = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify({
      update_id: updateId++,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Oleg' },
        from: { id: chatId, is_bot: false, first_name: 'Oleg' },
        text,
      },
    }),
  });
  expect(r.status).toBe(200);
}

async function dialogsWith(text: string): Promise<{ id: string }[]> {
  const r = await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent(text)}`);
  return (r.body.dialogs as { id: string; lastMessage: { text: string } | null }[]).filter((d) => d.lastMessage?.text === text);
}

describeBrowser("multiwidget: a signed-in visitor's Telegram button (issue 18)", () => {
  beforeAll(async () => {
    tg = await new TelegramStandIn().start();
    srv = await startServer({ env: { PARLEY_TELEGRAM_API_URL: tg.url } });
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    operatorSocket = await openOperatorSocket(srv.url, owner);
    const r = await owner.put('/api/v1/operator/channels/telegram', {
      enabled: true,
      token: tg.token,
      webhookSecret: SECRET,
      mode: 'webhook',
      defaultLocale: 'en',
      verifyPhone: true,
      phoneLookupUrl: null,
    });
    expect(r.status).toBe(200);
    await configure(owner, { channels: [ch('chat'), ch('telegram', { target: 'parley_demo_bot', passRef: true })] });
  });
  afterAll(async () => {
    await operatorSocket?.close();
    await browser?.close();
    await srv?.stop();
    await tg?.stop();
  });

  it('the click asks for a ref (only then), opens Telegram with it, and the Telegram chat joins the web dialog', async () => {
    const keys = await projectKeys(owner);
    const user = `crm-${clientId('u')}`;
    const proof = JSON.stringify({ id: user, signature: sign(keys, user), name: 'Oleg' });
    const s = await openShop(browser, srv, 'desktop');
    const { page, context } = s;
    // Telegram's site, as far as this test needs it.
    await context.route('https://t.me/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Telegram</title>' }));
    await s.visit('/account', { before: `parley('identify', ${proof});` });

    // On the web first: the signed-in visitor's dialog.
    await openList(page);
    await item(page, 'chat').click();
    const web = `From the site, signed in ${clientId('w')}`;
    const box = page.locator('parley-widget textarea');
    await box.fill(web);
    await page.locator('parley-widget button.sd').click();
    await expect.poll(async () => (await dialogsWith(web)).length, { timeout: 15_000 }).toBe(1);
    const [dialog] = await dialogsWith(web);
    await page.locator('parley-multiwidget .btn').click();

    // The list shows Telegram's plain link: no dialog id for a signed-in visitor, and no ref asked for yet.
    const list = await openList(page);
    expect(list.find((c) => c.kind === 'telegram')?.href).toBe('https://t.me/parley_demo_bot');
    const refAsks = () => s.requests().filter((p) => p.endsWith('/channel-ref'));
    expect(refAsks()).toEqual([]);

    const [popup] = await Promise.all([context.waitForEvent('page'), item(page, 'telegram').click()]);
    await popup.waitForURL(/^https:\/\/t\.me\/parley_demo_bot\?start=/);
    expect(refAsks()).toEqual([`/api/v1/widget/projects/${DEMO_PROJECT}/channel-ref`]);
    const start = new URL(popup.url()).searchParams.get('start');
    expect(start).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(start).not.toBe(dialog!.id);
    // The opener is not handed to the messenger's page.
    expect(await popup.evaluate(() => window.opener)).toBeNull();

    // The visitor presses Start in Telegram and writes: it is the same dialog, shown live on the web.
    const chatId = 8101;
    await fromTelegram(chatId, `/start ${start}`);
    const fromTg = `Now from Telegram ${clientId('t')}`;
    await fromTelegram(chatId, fromTg);
    await expect.poll(async () => (await dialogsWith(fromTg)).map((d) => d.id), { timeout: 15_000 }).toEqual([dialog!.id]);
    // Signed in: the bot does not ask for the phone.
    expect(tg.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === chatId)).toEqual([]);
    await openList(page);
    await item(page, 'chat').click();
    await page.locator('parley-widget').getByText(fromTg).waitFor();
    expectClean(s.problems);
    await s.context.close();
  });

  it('widget.js ran identify before multiwidget.js arrived: the Telegram click still carries the signed-in ref', async () => {
    const keys = await projectKeys(owner);
    const user = `crm-${clientId('u')}`;
    const proof = JSON.stringify({ id: user, signature: sign(keys, user), name: 'Vera' });
    const s = await openShop(browser, srv, 'desktop');
    const { page, context } = s;
    await context.route('https://t.me/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Telegram</title>' }));
    // Only widget.js in the page; multiwidget.js is added once widget.js has run the queued identify.
    await s.visit('/late-multiwidget', {
      scripts: ['widget'],
      before: `parley('identify', ${proof});
parley('on', 'ready', () => {
  const tag = document.createElement('script');
  tag.src = ${JSON.stringify(`${srv.url}/multiwidget.js`)};
  tag.dataset.project = 'demo';
  document.body.append(tag);
});`,
    });
    expect(await page.evaluate(() => (window as unknown as { parley: { q?: unknown[] } }).parley.q?.length ?? 0)).toBe(0);
    const list = await openList(page);
    expect(list.find((c) => c.kind === 'telegram')?.href).toBe('https://t.me/parley_demo_bot');
    const refAsks = () => s.requests().filter((p) => p.endsWith('/channel-ref'));
    const [popup] = await Promise.all([context.waitForEvent('page'), item(page, 'telegram').click()]);
    await popup.waitForURL(/^https:\/\/t\.me\/parley_demo_bot\?start=/);
    expect(refAsks()).toEqual([`/api/v1/widget/projects/${DEMO_PROJECT}/channel-ref`]);
    const start = new URL(popup.url()).searchParams.get('start');
    expect(start).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    // The ref is the signed-in visitor's: the Telegram chat lands in that user's dialog, and the bot asks nothing.
    const chatId = 8102;
    await fromTelegram(chatId, `/start ${start}`);
    const fromTg = `Signed in, from Telegram ${clientId('t')}`;
    await fromTelegram(chatId, fromTg);
    await expect.poll(async () => (await dialogsWith(fromTg)).length, { timeout: 15_000 }).toBe(1);
    const [dialog] = await dialogsWith(fromTg);
    const detail = await owner.get(`/api/v1/operator/dialogs/${dialog!.id}`);
    expect(JSON.stringify(detail.body)).toContain(user);
    expect(tg.calls.filter((c) => c.method === 'sendMessage' && c.body.chat_id === chatId)).toEqual([]);
    expectClean(s.problems);
    await s.context.close();
  });
});
