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
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { TelegramStandIn } from '../../packages/server/test/channel-standins';
import { expectClean, listItem, openConsole, IPHONE, type ConsoleSession } from './console-support';

let tg: TelegramStandIn;
let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let admin: ConsoleSession;
const SECRET = 'tg-webhook-secret-for-browser-test';

describeBrowser('console: channels (issue 18)', () => {
  beforeAll(async () => {
    tg = await new TelegramStandIn().start();
    srv = await startServer({ env: { PARLEY_TELEGRAM_API_URL: tg.url, PARLEY_CHANNEL_RETRY_MS: '20', PARLEY_CHANNEL_RETRY_CAP_MS: '100' } });
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
});
