import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, describeBrowser } from '../browser-helper';
import {
  detail,
  dialogWith,
  launcher,
  messages,
  openChat,
  openTab,
  panel,
  publishHelpArticle,
  reply,
  say,
  timeline,
  useEnv,
  widgetState,
  type Tab,
} from './widget-support';

/**
 * Issue 13: a chat chunk that fails to load must not leave the chat dead. Chromium 156 no longer
 * keeps a failed module fetch in its module map (whatwg/html#10327); browsers that do (Firefox,
 * Safari and Chromium before that change) would fail every later import of the chunk, and of every
 * lazy view (they import it). Chromium keeps that behaviour behind a feature switch: each case runs
 * there too, where it failed before the loader fetched the chunk ahead of importing it.
 */
const CHAT_CHUNK = /\/widget\/[0-9a-f]{10}\/chat\.js$/;

describeBrowser('widget: the chat chunk fails to load', () => {
  const env = useEnv();
  let caching: Browser;
  beforeAll(async () => {
    // Help (the lazy view chatWorks opens) shows only with articles in the visitor's language.
    await publishHelpArticle(env.owner);
    caching = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS, '--disable-features=ModuleMapDoNotCacheFailedFetch'],
      headless: true,
    });
  });
  afterAll(async () => {
    await caching?.close();
  });

  const browsers = {
    'a browser that keeps failed modules failed': () => ({ ...env, browser: caching }),
    'this Chromium': () => env,
  };

  /** After a failed first click: the next one opens the chat, a message goes and the reply arrives, and a lazy view (Help) opens. */
  async function chatWorks(tab: Tab, text: string) {
    const { page } = tab;
    await openChat(page);
    await say(page, text);
    const d = await dialogWith(env.owner, text);
    await reply(env.owner, d.id, `Re: ${text}`);
    await expect.poll(() => messages(page).innerText(), { timeout: 10_000 }).toContain(`Re: ${text}`);
    await panel(page).getByRole('button', { name: 'Help' }).click();
    await panel(page).getByRole('searchbox', { name: 'Search help' }).waitFor({ timeout: 10_000 });
    expect(tab.problems.pageErrors).toEqual([]);
  }

  for (const [where, target] of Object.entries(browsers)) {
    it(`${where}: a first click while offline does not leave the chat dead; back online, a click opens it`, async () => {
      const tab = await openTab(target());
      const { page } = tab;
      const said: string[] = [];
      page.on('console', (m) => said.push(m.text()));
      await tab.shop('/offline-first-click');
      await expect.poll(() => widgetState(page)).toBe('closed');
      await tab.context.setOffline(true);
      await launcher(page).click();
      await expect.poll(() => said.some((t) => t.includes('the chat did not open'))).toBe(true);
      expect(await panel(page).isVisible()).toBe(false);
      await tab.context.setOffline(false);
      await chatWorks(tab, `Back online (${where})`);
      await tab.context.close();
    });

    it(`${where}: a chat chunk that fails while the browser says it is online (server unreachable, request blocked) does not leave the chat or its views dead`, async () => {
      const tab = await openTab(target());
      const { page } = tab;
      const said: string[] = [];
      page.on('console', (m) => said.push(m.text()));
      await tab.shop('/chunk-fails-online');
      await expect.poll(() => widgetState(page)).toBe('closed');
      const failed: string[] = [];
      await page.route(CHAT_CHUNK, (route) => {
        failed.push(route.request().url());
        return route.abort('connectionrefused');
      });
      await launcher(page).click();
      await expect.poll(() => said.some((t) => t.includes('the chat did not open'))).toBe(true);
      // The request failed and the browser never said it was offline.
      expect(failed.length).toBeGreaterThan(0);
      expect(await page.evaluate(() => navigator.onLine)).toBe(true);
      expect(await panel(page).isVisible()).toBe(false);
      expect(await launcher(page).getAttribute('aria-busy')).toBe('false');
      // Then a proxy answers with an error page instead of the chunk.
      await page.unroute(CHAT_CHUNK);
      said.length = 0;
      await page.route(CHAT_CHUNK, (route) => route.fulfill({ status: 503, contentType: 'text/html', body: '<h1>Service unavailable</h1>' }));
      await launcher(page).click();
      await expect.poll(() => said.some((t) => t.includes('the chat did not open'))).toBe(true);
      expect(await panel(page).isVisible()).toBe(false);
      await page.unroute(CHAT_CHUNK);
      await chatWorks(tab, `The chunk came through (${where})`);
      await tab.context.close();
    });
  }

  for (const [where, target] of Object.entries(browsers)) {
    it(`${where}: a chat that fails to load says so on the launcher and loads again when the browser is back online, with no click and no polling`, async () => {
      const tab = await openTab(target());
      const { page } = tab;
      await tab.shop('/fails-then-online');
      await expect.poll(() => widgetState(page)).toBe('closed');
      const asked = () => tab.requests.filter((u) => CHAT_CHUNK.test(u)).length;
      await page.route(CHAT_CHUNK, (route) => route.abort('internetdisconnected'));
      await launcher(page).click();
      // Visible, and announced (role="alert"), in the widget's own shadow root.
      const alert = page.locator('parley-widget').getByRole('alert');
      await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(true);
      expect(await alert.innerText()).toBe('The chat did not load');
      expect(await panel(page).isVisible()).toBe(false);
      // Nothing asks again by itself (no timer) until the browser says it is online again.
      const before = asked();
      await page.waitForTimeout(1500);
      expect(asked()).toBe(before);
      await page.unroute(CHAT_CHUNK);
      await tab.context.setOffline(true);
      await tab.context.setOffline(false);
      // `online` loaded the chat (no click): the message is gone and the launcher opens it at once.
      await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(false);
      expect(asked()).toBeGreaterThan(before);
      expect(await panel(page).isVisible()).toBe(false);
      await chatWorks(tab, `Loaded when back online (${where})`);
      await tab.context.close();
    });
  }

  it('the failure message comes from the texts of the locale shown, and the next click that loads the chat clears it', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/fails-ru', { attrs: 'data-project="demo" data-locale="ru"' });
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.route(CHAT_CHUNK, (route) => route.abort('connectionrefused'));
    await launcher(page).click();
    const alert = page.locator('parley-widget').getByRole('alert');
    await expect.poll(() => alert.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await alert.innerText()).toBe('Чат не загрузился');
    await page.unroute(CHAT_CHUNK);
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await alert.isVisible()).toBe(false);
    await tab.context.close();
  });

  it('a browser that keeps failed modules failed: texts that fail to load do not keep the panel shut', async () => {
    const tab = await openTab({ ...env, browser: caching });
    const { page } = tab;
    const said: string[] = [];
    page.on('console', (m) => said.push(m.text()));
    await tab.shop('/texts-fail');
    await expect.poll(() => widgetState(page)).toBe('closed');
    const TEXTS = /\/widget\/[0-9a-f]{10}\/texts-en\.js/;
    await page.route(TEXTS, (route) => route.abort('connectionrefused'));
    await launcher(page).click();
    await expect.poll(() => said.some((t) => t.includes('the chat did not open'))).toBe(true);
    expect(await panel(page).isVisible()).toBe(false);
    await page.unroute(TEXTS);
    await chatWorks(tab, 'The texts came through');
    await tab.context.close();
  });

  it('the import takes the chunk from the HTTP cache the fetch ahead of it filled: it is downloaded once', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const cdp = await tab.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const seen: { id: string; url: string }[] = [];
    const fromNetwork = new Set<string>();
    cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => {
      if (CHAT_CHUNK.test(e.request.url)) seen.push({ id: e.requestId, url: e.request.url });
    });
    cdp.on(
      'Network.responseReceived',
      (e: { requestId: string; response: { fromDiskCache?: boolean; fromPrefetchCache?: boolean; fromServiceWorker?: boolean } }) => {
        if (!e.response.fromDiskCache && !e.response.fromPrefetchCache) fromNetwork.add(e.requestId);
      },
    );
    await tab.shop('/chunk-cached');
    await openChat(page);
    await say(page, 'Cached chunk');
    await dialogWith(env.owner, 'Cached chunk');
    // Fetched ahead (network), then imported (cache).
    expect(seen).toHaveLength(2);
    expect(seen.filter((s) => fromNetwork.has(s.id))).toHaveLength(1);
    await tab.context.close();
  });
  // The page's custom params and events are checked by a chunk of their own (session/page-calls.ts),
  // loaded by the first such call: when it fails once, nothing given before is lost.
  it("the page calls' chunk fails once: custom params and events given before it still reach the dialog", async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const said: string[] = [];
    page.on('console', (m) => said.push(m.text()));
    const PAGE_CALLS = /\/widget\/[0-9a-f]{10}\/page-calls\.js/;
    let refused = 0;
    await page.route(PAGE_CALLS, (route) => (refused++ === 0 ? route.abort('connectionrefused') : route.continue()));
    await tab.shop('/params-fail', { head: "parley('setCustomParams', { plan: 'pro' }); parley('event', 'viewed_pricing', { seats: 5 });" });
    await openChat(page);
    await say(page, 'Is the pro plan monthly?');
    const d = await dialogWith(env.owner, 'Is the pro plan monthly?');
    expect(said.some((t) => t.includes('the page calls could not load'))).toBe(true);
    expect(refused).toBeGreaterThanOrEqual(2);
    await expect.poll(async () => (await detail(env.owner, d.id)).customParams).toEqual({ plan: 'pro' });
    await expect.poll(async () => (await timeline(env.owner, d.id)).visitorEvents.map((e) => e.name)).toEqual(['viewed_pricing']);
    await page.unroute(PAGE_CALLS);
    await tab.context.close();
  });
});
