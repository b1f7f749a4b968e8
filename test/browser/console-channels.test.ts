/**
 * Issue 18 in the console: each visitor message shows its channel icon next to the device icon,
 * the lists show a messenger dialog's channel and filter by channel, and the channel settings
 * test the connection (against a loopback Telegram Bot API stand-in).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  DEMO_PROJECT,
  loginOperator,
  openVisitorSocket,
  projectKeys,
  sendMessage,
  sign,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { TelegramStandIn, WhatsAppStandIn } from '../../packages/server/test/channel-standins';
import { expectClean, listItem, openConsole, IPHONE, type ConsoleSession } from './console-support';

let tg: TelegramStandIn;
let wa: WhatsAppStandIn;
const WINDOW_MS = 4000;
let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let admin: ConsoleSession;
const SECRET = 'tg-webhook-secret-for-browser-test';

describeBrowser('console: channels (issue 18)', () => {
  beforeAll(async () => {
    tg = await new TelegramStandIn().start();
    wa = await new WhatsAppStandIn().start();
    srv = await startServer({
      env: {
        PARLEY_TELEGRAM_API_URL: tg.url,
        PARLEY_WHATSAPP_API_URL: wa.url,
        PARLEY_CHANNEL_RETRY_MS: '20',
        PARLEY_CHANNEL_RETRY_CAP_MS: '100',
        PARLEY_WHATSAPP_WINDOW_MS: String(WINDOW_MS),
      },
    });
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const r = await owner.put('/api/v1/operator/channels/telegram', {
      enabled: true,
      token: tg.token,
      webhookSecret: SECRET,
      mode: 'webhook',
      defaultLocale: 'ru',
      verifyPhone: false,
      phoneLookupUrl: null,
    });
    expect(r.status).toBe(200);
    admin = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await tg?.stop();
    await wa?.stop();
  });

  it('shows the channel icon per message beside the device icon, the channel in the list, and filters the lists by channel', async () => {
    const v = await openVisitorSocket(srv.url, { device: IPHONE });
    await v.welcome;
    const webDialog = (await sendMessage(v, 'Hello from the website')).dialogId as string;
    const update = {
      update_id: 1,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: 4242, type: 'private' },
        from: { id: 4242, is_bot: false, first_name: 'Pavel' },
        text: 'Hello from Telegram',
      },
    };
    const res = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify(update),
    });
    expect(res.status).toBe(200);
    const list = await owner.get('/api/v1/operator/dialogs?view=all&channel=telegram');
    const tgDialog = list.body.dialogs[0].id as string;

    const page = admin.page;
    await page.getByRole('link', { name: /^All/ }).click();
    await listItem(page, webDialog).waitFor();
    await listItem(page, tgDialog).waitFor();
    expect(await listItem(page, tgDialog).locator('[data-channel="telegram"]').getAttribute('aria-label')).toBe('Telegram');
    expect(await listItem(page, webDialog).locator('[data-channel]').count()).toBe(0);

    // Per message: the channel icon next to the device icon.
    await listItem(page, webDialog).click();
    const webMsg = page.locator(`section.pane[data-dialog-id="${webDialog}"] article.msg-visitor`).first();
    await webMsg.waitFor();
    const webIcons = webMsg.locator('.msg-foot [role="img"]');
    expect(
      await webIcons.evaluateAll((els) => els.map((e) => [e.getAttribute('data-channel'), e.getAttribute('data-device-icon'), e.getAttribute('aria-label')])),
    ).toEqual([
      ['web', null, 'Website'],
      [null, 'mobile', 'Mobile Safari 17.6.1'],
    ]);
    await listItem(page, tgDialog).click();
    const tgMsg = page.locator(`section.pane[data-dialog-id="${tgDialog}"] article.msg-visitor`).first();
    await tgMsg.waitFor();
    expect(await tgMsg.locator('.msg-foot [data-channel="telegram"]').getAttribute('aria-label')).toBe('Telegram');
    await tgMsg.locator('.msg-foot [data-channel="telegram"]').focus();
    expect(await tgMsg.locator('.msg-foot [data-channel="telegram"] [role="tooltip"]').isVisible()).toBe(true);

    // The filter: Telegram only, then the website only.
    await page.getByRole('button', { name: 'Filters' }).click();
    const channel = page.getByRole('combobox', { name: 'Channel' });
    await channel.selectOption('telegram');
    await expect.poll(() => listItem(page, webDialog).count()).toBe(0);
    await listItem(page, tgDialog).waitFor();
    await channel.selectOption('web');
    await expect.poll(() => listItem(page, tgDialog).count()).toBe(0);
    await listItem(page, webDialog).waitFor();
    await channel.selectOption('');
    await listItem(page, tgDialog).waitFor();
    v.ws.close();
  });

  it('channel settings: the bound bot is shown, and "test connection" calls the platform', async () => {
    const page = admin.page;
    await page.goto(`${srv.url}/console#/settings/channels`);
    const form = page.locator('form[data-channel-form="telegram"]');
    await form.waitFor();
    expect(await form.getByLabel('Webhook secret').inputValue()).toBe(SECRET);
    expect(await form.textContent()).toContain(`/api/v1/channels/${DEMO_PROJECT}/telegram`);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await form.locator('[data-test-result="ok"]', { hasText: 'Connected: @parley_test_bot' }).waitFor();
    expect(tg.of('getMe').length).toBeGreaterThan(0);
    // WhatsApp is not bound yet: nothing to test.
    expect(await page.locator('form[data-channel-form="whatsapp"]').getByRole('button', { name: 'Test connection' }).isDisabled()).toBe(true);
    expectClean(admin);
  });

  it('the dialog side panel: the messenger language switch and "Verify manually" (an unknown id refused, then linked)', async () => {
    // A signed-in customer known from the website, and an anonymous Telegram client who is them.
    const keys = await projectKeys(owner);
    const web = await openVisitorSocket(srv.url, { identity: { id: 'crm-9001', signature: sign(keys, 'crm-9001'), name: 'Olga Web' } });
    await web.welcome;
    const webDialog = (await sendMessage(web, 'Signed in on the website')).dialogId as string;
    const res = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/telegram`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
      body: JSON.stringify({
        update_id: 50,
        message: {
          message_id: 50,
          date: 1,
          chat: { id: 5151, type: 'private' },
          from: { id: 5151, is_bot: false, first_name: 'Olga' },
          text: 'It is me, from Telegram',
        },
      }),
    });
    expect(res.status).toBe(200);
    const tgDialog = (await owner.get('/api/v1/operator/dialogs?view=all&channel=telegram')).body.dialogs.find(
      (d: { lastMessage?: { text: string } }) => d.lastMessage?.text === 'It is me, from Telegram',
    )?.id as string;
    expect(tgDialog).toBeTruthy();

    const page = admin.page;
    await page.goto(`${srv.url}/console#/inbox/all/${tgDialog}`);
    const side = page.locator('[data-dialog-channels]');
    await side.waitFor({ timeout: 15_000 });
    expect(await side.getByRole('img', { name: 'Telegram' }).count()).toBe(1);

    // The language of the texts the bot sends this client: Russian (the bot's default), switched to English, kept.
    const language = side.getByLabel('Messenger language');
    expect(await language.inputValue()).toBe('ru');
    const saved = page.waitForResponse((r) => r.url().includes(`/dialogs/${tgDialog}/channels`) && r.request().method() !== 'GET');
    await language.selectOption('en');
    expect((await saved).status()).toBe(200);
    expect((await owner.get(`/api/v1/operator/dialogs/${tgDialog}/channels`)).body.channels[0].locale).toBe('en');
    await page.reload();
    await side.waitFor({ timeout: 15_000 });
    expect(await side.getByLabel('Messenger language').inputValue()).toBe('en');

    // Verify manually: a user id nobody has is refused with the reason, and nothing moves.
    const userId = side.getByLabel('User ID of the signed-in client');
    await userId.fill('nobody-here');
    await side.getByRole('button', { name: 'Verify manually' }).click();
    await side.getByRole('alert').waitFor();
    expect((await owner.get(`/api/v1/operator/dialogs/${tgDialog}`)).body.visitor.kind).toBe('anonymous');
    // The right one: the Telegram chat joins the customer's one dialog.
    await userId.fill('crm-9001');
    await side.getByRole('button', { name: 'Verify manually' }).click();
    await side.getByRole('status').filter({ hasText: 'Linked to the signed-in client.' }).waitFor({ timeout: 15_000 });
    // Signed in now: nothing left to verify.
    await expect.poll(() => side.getByRole('button', { name: 'Verify manually' }).count()).toBe(0);
    const moved = (await owner.get(`/api/v1/operator/dialogs/${tgDialog}`)).body;
    expect(moved.visitor).toMatchObject({ kind: 'verified', userId: 'crm-9001' });
    expect(webDialog).toBeTruthy();
    // The one error the browser logs is the refused id's 404 (shown to the operator above).
    expect(admin.problems.consoleErrors.filter((e) => !/status of 40[14]/.test(e))).toEqual([]);
    expect(admin.problems.pageErrors).toEqual([]);
    web.ws.close();
  });

  it("WhatsApp's 24-hour window: the side panel says until when; after it, a reply is kept and the operator is told", async () => {
    expect(
      (
        await owner.put('/api/v1/operator/channels/whatsapp', {
          enabled: true,
          token: wa.token,
          phoneNumberId: wa.phoneNumberId,
          appSecret: wa.appSecret,
          verifyToken: 'verify-me',
          defaultLocale: 'en',
        })
      ).status,
    ).toBe(200);
    const from = '79990000301';
    const raw = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '1',
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: '15550100000', phone_number_id: wa.phoneNumberId },
                contacts: [{ profile: { name: 'Maria WA' }, wa_id: from }],
                messages: [{ from, id: 'wamid.browser1', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Hi from WhatsApp' } }],
              },
            },
          ],
        },
      ],
    });
    const res = await fetch(`${srv.url}/api/v1/channels/${DEMO_PROJECT}/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': wa.signature(raw) },
      body: raw,
    });
    expect(res.status).toBe(200);
    const waDialog = (await owner.get('/api/v1/operator/dialogs?view=all&channel=whatsapp')).body.dialogs[0].id as string;
    const page = admin.page;
    await page.goto(`${srv.url}/console#/inbox/all/${waDialog}`);
    const side = page.locator('[data-dialog-channels]');
    await side.locator('[data-window="open"]').filter({ hasText: "WhatsApp's 24-hour window is open until" }).waitFor({ timeout: 15_000 });

    // The window ends; the operator answers anyway.
    const ends = (await owner.get(`/api/v1/operator/dialogs/${waDialog}/channels`)).body.channels[0].windowEndsAt as number;
    await page.waitForTimeout(Math.max(0, ends - Date.now()) + 100);
    const pane = page.locator(`section.pane[data-dialog-id="${waDialog}"]`);
    const take = pane.getByRole('button', { name: 'Take this dialog' });
    if (await take.count()) await take.click();
    const composer = pane.getByRole('combobox', { name: 'Reply to the visitor' });
    await composer.fill('Sorry for the late answer');
    await composer.press('Enter');
    await pane.locator('article.msg-operator', { hasText: 'Sorry for the late answer' }).waitFor();
    await side.getByRole('alert').filter({ hasText: "WhatsApp's 24-hour window is closed" }).waitFor({ timeout: 15_000 });
    await side.locator('[data-held="1"]').waitFor({ timeout: 15_000 });
    expect(wa.of('messages').filter((c) => c.body.to === from)).toHaveLength(0);
    expect(admin.problems.pageErrors).toEqual([]);
  });
});
