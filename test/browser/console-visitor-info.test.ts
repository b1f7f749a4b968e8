import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { loginOperator, openVisitorSocket, projectSecret, sendMessage, sign } from '../../packages/server/test/harness';
import { expectClean, listItem, IPHONE, OPERA, useConsoleEnv } from './console-support';

const ANDROID_APP = {
  type: 'app',
  webview: true,
  app: { platform: 'android', version: '3.2.1' },
  browser: { name: 'Chrome', version: '127.0.6533.103' },
  os: { name: 'Android', version: '14' },
};

describeBrowser('console: who the visitor is, from where', () => {
  const env = useConsoleEnv();

  it("shows each message's device and every device of a verified visitor, with app versions", async () => {
    const { page } = env.op;
    const owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
    const secret = await projectSecret(owner);
    const identity = { id: 'user-42', signature: sign(secret, 'user-42'), name: 'Анна', email: 'anna@example.com' };
    const desktop = await openVisitorSocket(env.srv.url, {
      identity,
      device: OPERA,
      params: { product: 'Установка окон', office: 'Москва' },
      page: { url: 'https://shop.example.com/', title: 'Home', referrer: 'https://www.google.com/' },
    });
    await desktop.welcome;
    const dialogId = (await sendMessage(desktop, 'From my desktop')).dialogId as string;
    desktop.send({ type: 'page.view', url: 'https://shop.example.com/windows', title: 'Windows' });
    const phone = await openVisitorSocket(env.srv.url, { identity, device: IPHONE });
    await phone.welcome;
    expect((await sendMessage(phone, 'Now from my phone')).dialogId).toBe(dialogId);
    const app = await openVisitorSocket(env.srv.url, { identity, device: ANDROID_APP });
    await app.welcome;
    expect((await sendMessage(app, 'And from the app')).dialogId).toBe(dialogId);

    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('And from the app').waitFor();
    const expected: [string, string, string][] = [
      ['From my desktop', 'desktop', 'Opera 112.0.0.0'],
      ['Now from my phone', 'mobile', 'Mobile Safari 17.6.1'],
      ['And from the app', 'android', 'Chrome WebView 127.0.6533.103 · Android app 3.2.1'],
    ];
    for (const [text, icon, label] of expected) {
      const device = pane.locator('article.msg-visitor', { hasText: text }).locator('.device');
      expect(await device.getAttribute('data-device-icon')).toBe(icon);
      await device.hover();
      await device.getByRole('tooltip').waitFor({ state: 'visible' });
      expect(await device.getByRole('tooltip').textContent()).toBe(label);
    }

    const info = pane.getByRole('complementary', { name: 'Visitor information' });
    await info.getByText('Verified visitor').waitFor();
    for (const text of ['user-42', 'Анна', 'anna@example.com', 'product', 'Установка окон', 'office', 'Москва', 'https://www.google.com/', '127.0.0.1']) {
      expect(await info.getByText(text, { exact: true }).count(), text).toBeGreaterThan(0);
    }
    await info.locator('.current-page').getByText('Windows', { exact: true }).waitFor();
    await info.locator('.page-list').getByText('Home', { exact: true }).waitFor();
    const devices = info.locator('li.device-row');
    expect(await devices.count()).toBe(3);
    expect(await devices.locator('.device-label').allTextContents()).toEqual(['Opera 112.0.0.0', 'Mobile Safari 17.6.1', 'Chrome WebView 127.0.6533.103']);
    // The app version is plain selectable text, and copyable.
    const appVersion = info.locator('.device-app');
    expect(await appVersion.textContent()).toBe('Android app 3.2.1');
    expect(await appVersion.evaluate((el) => getComputedStyle(el).userSelect)).not.toBe('none');
    await env.op.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await info.getByRole('button', { name: 'Copy Chrome WebView 127.0.6533.103' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('Android app 3.2.1');
    await info.getByRole('heading', { name: 'Previous dialogs' }).waitFor();

    // An anonymous visitor: "anonymous", and no previous dialogs section at all.
    const anon = await openVisitorSocket(env.srv.url, { device: OPERA });
    await anon.welcome;
    const anonId = (await sendMessage(anon, 'Who am I?')).dialogId as string;
    await listItem(page, anonId).click();
    const anonInfo = page.locator(`section.pane[data-dialog-id="${anonId}"]`).getByRole('complementary', { name: 'Visitor information' });
    await anonInfo.getByText('Anonymous visitor').waitFor();
    expect(await anonInfo.getByRole('heading', { name: 'Previous dialogs' }).count()).toBe(0);
    expectClean(env.op);
    for (const s of [desktop, phone, app, anon]) await s.close();
  });

  it("exports a visitor's data (JSON and zip) and erases it: the dialog stays as a tombstone and the visitor's chat is closed", async () => {
    const { page } = env.op;
    const v = await openVisitorSocket(env.srv.url, { device: OPERA, params: { order: 'A-1001' } });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Мой телефон +7 900 000-00-00')).dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Мой телефон +7 900 000-00-00').waitFor();
    const info = pane.getByRole('complementary', { name: 'Visitor information' });
    // Export: the links download the JSON and the zip with the operator's session.
    for (const [name, type] of [
      ['Export (JSON)', 'application/json'],
      ['Export with files (zip)', 'application/zip'],
    ] as const) {
      const href = await info.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(`${env.srv.url}${href}`);
      expect(res.status(), name).toBe(200);
      expect(res.headers()['content-type']).toContain(type);
    }
    const json = await (await page.request.get(`${env.srv.url}${await info.getByRole('link', { name: 'Export (JSON)' }).getAttribute('href')}`)).json();
    expect(json.dialogs[0].messages[0].text).toBe('Мой телефон +7 900 000-00-00');
    // Erase, after a confirmation.
    await info.getByRole('button', { name: 'Erase visitor data' }).click();
    await info.getByRole('button', { name: 'Erase now' }).click();
    await info.getByText(/^Visitor data erased/).waitFor();
    await expect.poll(() => pane.getByText('Мой телефон +7 900 000-00-00').count()).toBe(0);
    expect(await info.getByText('A-1001').count()).toBe(0);
    expect(await v.next('session.ended')).toMatchObject({ reason: 'erased' });
    expectClean(env.op);
  });
});
