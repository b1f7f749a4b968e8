import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  clientId,
  loginOperator,
  openOperatorSocket,
  startServer,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { SHOP, button, buttonShown, ch, configure, expectClean, inject, item, openList, openShop, type Shop } from './multiwidget-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let operatorSocket: FrameSocket;
const open: Shop[] = [];

const CHANNELS = [
  ch('chat'),
  ch('callback'),
  ch('telegram', { target: 'parley_demo_bot', passRef: true }),
  ch('vk', { target: 'parley_demo', passRef: true }),
  ch('messenger', { target: 'parleydemo', passRef: false }),
];

async function shop(device: 'desktop' | 'mobile' = 'desktop'): Promise<Shop> {
  const s = await openShop(browser, srv, device);
  open.push(s);
  return s;
}

const chatPanel = (page: Page) => page.locator('parley-widget [role=dialog]');
/** The widget's own launcher button, whether or not it is displayed. */
const widgetLauncherShown = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('parley-widget')].some((h) => {
      const l = h.shadowRoot?.querySelector('.l');
      return !!l && l.getBoundingClientRect().width > 0;
    }),
  );

async function dialogsWith(text: string): Promise<{ id: string }[]> {
  const r = await owner.get(`/api/v1/operator/dialogs?view=all&q=${encodeURIComponent(text)}`);
  return (r.body.dialogs as { id: string; lastMessage: { text: string } | null }[]).filter((d) => d.lastMessage?.text === text);
}

async function sendFromChat(page: Page, text: string): Promise<void> {
  const box = page.locator('parley-widget textarea');
  await box.fill(text);
  await page.locator('parley-widget button.sd').click();
  await page.locator('parley-widget .m.v').getByText(text).waitFor();
}

describeBrowser('multiwidget: the chat, callback requests, one launcher, one queue', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    // An operator online, so the chat is a chat (not the offline form).
    operatorSocket = await openOperatorSocket(srv.url, owner);
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.context.close();
  });
  afterAll(async () => {
    await operatorSocket?.close();
    await browser?.close();
    await srv?.stop();
  });

  it('the chat loads only when chosen, opens, and works both ways; the button closes it', async () => {
    await configure(owner, { channels: CHANNELS });
    const s = await shop();
    const { page } = s;
    await s.visit('/catalog/windows', { before: "parley('setCustomParams', { product: 'Установка окон', office: 'Москва' });" });
    expect(await page.locator('parley-widget').count()).toBe(0);
    await openList(page);
    await item(page, 'chat').click();
    await chatPanel(page).waitFor();
    // One launcher: the multiwidget's, now a close button; the chat's own is not shown.
    expect(await page.locator('parley-widget').count()).toBe(1);
    expect(await widgetLauncherShown(page)).toBe(false);
    expect(await button(page).getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('parley-multiwidget .panel').count()).toBe(0);

    const text = `Здравствуйте! ${clientId('m')}`;
    await sendFromChat(page, text);
    await expect.poll(async () => (await dialogsWith(text)).length).toBe(1);
    const [dialog] = await dialogsWith(text);
    const detail = (await owner.get(`/api/v1/operator/dialogs/${dialog!.id}`)).body;
    // The call queued before any script loaded reached the chat, once.
    expect(detail.customParams).toEqual({ product: 'Установка окон', office: 'Москва' });
    expect(detail.pages[0].url).toBe(`${SHOP}/catalog/windows`);
    const reply = await owner.post(`/api/v1/operator/dialogs/${dialog!.id}/messages`, { clientId: clientId('op'), text: 'Добрый день! Чем помочь?' });
    expect([200, 201]).toContain(reply.status);
    await page.locator('parley-widget').getByText('Добрый день! Чем помочь?').waitFor();

    await button(page).click();
    await chatPanel(page).waitFor({ state: 'hidden' });
    expect(await button(page).getAttribute('aria-expanded')).toBe('false');

    // passRef channels now carry the dialog (an id, never the visitor token), also on the next page.
    const ref = dialog!.id;
    const links = async () => Object.fromEntries((await openList(page)).filter((c) => c.href).map((c) => [c.kind, c.href]));
    expect(await links()).toEqual({
      telegram: `https://t.me/parley_demo_bot?start=${ref}`,
      vk: `https://vk.me/parley_demo?ref=${ref}`,
      messenger: 'https://m.me/parleydemo',
    });
    await s.visit('/catalog/doors');
    expect(await links()).toEqual({
      telegram: `https://t.me/parley_demo_bot?start=${ref}`,
      vk: `https://vk.me/parley_demo?ref=${ref}`,
      messenger: 'https://m.me/parleydemo',
    });
    const stored = await page.evaluate(() => JSON.stringify(localStorage));
    expect(stored).toContain(ref);
    expectClean(s.problems);
  });

  it("a callback request reaches the server once, with the visitor's time and page", async () => {
    await configure(owner, { channels: CHANNELS });
    const s = await shop('mobile');
    const { page } = s;
    await s.visit('/catalog/windows', { before: "window.sent = 0; parley('multiwidget.on', 'callback:sent', function () { sent++; });" });
    await openList(page);
    await item(page, 'callback').click();
    await page.getByRole('heading', { name: 'Request a callback' }).waitFor();
    expect(await page.evaluate(() => document.querySelector('parley-multiwidget')!.shadowRoot!.activeElement?.getAttribute('name'))).toBe('phone');
    await page.getByLabel('Phone').fill('call me');
    await page.getByRole('button', { name: 'Call me back' }).click();
    await page.getByRole('alert').getByText('Enter a phone number').waitFor();
    expect(await page.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');

    // The first answer is lost on the way back: the retry is the same request, stored once.
    const route = `${srv.url}/api/v1/widget/projects/demo/callback`;
    const bodies: { clientId: string }[] = [];
    let lose = true;
    await page.route(route, async (r) => {
      if (r.request().method() !== 'POST') return r.continue();
      bodies.push(r.request().postDataJSON() as { clientId: string });
      if (!lose) return r.continue();
      lose = false;
      await r.fetch();
      await r.abort('failed');
    });
    const phone = `+7 999 ${String(Date.now()).slice(-3)}-45-67`;
    await page.getByLabel('Phone').fill(phone);
    await page.getByLabel('Preferred time (optional)').fill('18:30');
    await page.getByLabel('Name (optional)').fill('Анна');
    await page.getByRole('button', { name: 'Call me back' }).click();
    await page.getByRole('alert').getByText('Could not send your request. Please try again.').waitFor();
    await page.getByRole('button', { name: 'Call me back' }).click();
    await page.getByText('Thank you! We will call you soon.').waitFor();
    expect(bodies).toHaveLength(2);
    expect(bodies[0]!.clientId).toBe(bodies[1]!.clientId);
    expect(await page.evaluate(() => (window as unknown as { sent: number }).sent)).toBe(1);

    const leads = (await owner.get('/api/v1/operator/leads?kind=callback')).body.leads as Record<string, unknown>[];
    const mine = leads.filter((l) => l.phone === phone);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'callback', name: 'Анна', preferredTime: '18:30', page: `${SHOP}/catalog/windows`, status: 'new' });
    expectClean({ ...s.problems, consoleErrors: s.problems.consoleErrors.filter((e) => !/ERR_FAILED|Failed to load/.test(e)) });
  });

  it('without a preferred time the request says "as soon as possible", in the visitor language', async () => {
    await configure(owner, { channels: [ch('callback')], defaultLocale: 'ru' });
    const s = await shop();
    await s.visit('/');
    await openList(s.page);
    await item(s.page, 'callback').click();
    const phone = `+7 495 ${String(Date.now()).slice(-3)}-00-45`;
    await s.page.getByLabel('Телефон').fill(phone);
    await s.page.getByRole('button', { name: 'Перезвоните мне' }).click();
    await s.page.getByText('Спасибо! Мы скоро перезвоним.').waitFor();
    const leads = (await owner.get('/api/v1/operator/leads?kind=callback')).body.leads as Record<string, unknown>[];
    expect(leads.find((l) => l.phone === phone)).toMatchObject({ preferredTime: 'Как можно скорее', name: null });
  });

  for (const order of [
    ['widget', 'multiwidget'],
    ['multiwidget', 'widget'],
  ] as const) {
    it(`with widget.js on the page too (${order.join(' then ')}): one launcher, one chat, calls run once`, async () => {
      await configure(owner, { channels: CHANNELS });
      const s = await shop();
      const { page } = s;
      await s.visit('/pricing', {
        scripts: [],
        wait: 'none',
        before:
          "parley('setCustomParams', { plan: 'Pro' }); parley('on', 'open', function () { window.opened = (window.opened || 0) + 1; });" +
          "parley('multiwidget.on', 'channel:click', function (e) { window.clicked = (window.clicked || []).concat(e.channel); });",
      });
      await inject(page, srv, order[0]);
      // A multiwidget call between the two scripts: whichever came first keeps it for multiwidget.js.
      await page.evaluate(() => {
        const w = window as unknown as { parley: (...a: unknown[]) => void; listOpened?: number };
        w.parley('multiwidget.on', 'open', () => (w.listOpened = (w.listOpened ?? 0) + 1));
      });
      await inject(page, srv, order[1]);
      await button(page).waitFor();
      await page.locator('parley-widget').waitFor({ state: 'attached' });
      // Give the chat's launcher every chance to appear: it must not.
      await page.waitForTimeout(500);
      expect(await buttonShown(page)).toBe(true);
      expect(await widgetLauncherShown(page)).toBe(false);

      await openList(page);
      await item(page, 'chat').click();
      await chatPanel(page).waitFor();
      expect(await page.locator('parley-widget').count()).toBe(1);
      // Both multiwidget calls made before multiwidget.js arrived ran, once each.
      expect(await page.evaluate(() => (window as unknown as { listOpened: number }).listOpened)).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { clicked: string[] }).clicked)).toEqual(['chat']);
      expect(await page.evaluate(() => (window as unknown as { opened: number }).opened)).toBe(1);
      const text = `Hello ${clientId('w')}`;
      await sendFromChat(page, text);
      await expect.poll(async () => (await dialogsWith(text)).length).toBe(1);
      const [dialog] = await dialogsWith(text);
      expect((await owner.get(`/api/v1/operator/dialogs/${dialog!.id}`)).body.customParams).toEqual({ plan: 'Pro' });
      // The global keeps working for both after everything loaded.
      const parley = (...a: unknown[]) => page.evaluate((args) => (window as unknown as { parley: (...x: unknown[]) => void }).parley(...args), a);
      await parley('close');
      await chatPanel(page).waitFor({ state: 'hidden' });
      await expect.poll(() => button(page).getAttribute('aria-expanded')).toBe('false');
      await parley('multiwidget.open');
      await page.locator('parley-multiwidget .panel').waitFor();
      await parley('multiwidget.close');
      // The chat opened by the page's own code: the multiwidget's button follows it and closes it.
      await parley('open');
      await chatPanel(page).waitFor();
      await expect.poll(() => button(page).getAttribute('aria-expanded')).toBe('true');
      await button(page).click();
      await chatPanel(page).waitFor({ state: 'hidden' });
      expectClean(s.problems);
    });
  }

  it('with the multiwidget switched off, widget.js keeps its own launcher', async () => {
    await configure(owner, { enabled: false, channels: CHANNELS });
    const s = await shop();
    await s.visit('/', { scripts: ['multiwidget', 'widget'] });
    await expect.poll(() => widgetLauncherShown(s.page)).toBe(true);
    expect(await buttonShown(s.page)).toBe(false);
  });

  it('parley("open") on a page with the multiwidget alone opens the chat', async () => {
    await configure(owner, { channels: CHANNELS });
    const s = await shop();
    await s.visit('/', { before: "parley('open');" });
    await chatPanel(s.page).waitFor();
    expect(await widgetLauncherShown(s.page)).toBe(false);
    // The multiwidget follows the chat it loaded: its button is the chat's close button.
    await expect.poll(() => button(s.page).getAttribute('aria-expanded')).toBe('true');
    await button(s.page).click();
    await chatPanel(s.page).waitFor({ state: 'hidden' });
    expect(await button(s.page).getAttribute('aria-expanded')).toBe('false');
    expectClean(s.problems);
  });
});
