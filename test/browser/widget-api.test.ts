import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { composer, detail, dialogWith, embedFile, launcher, messages, openChat, openTab, panel, reply, say, widgetState, useEnv } from './widget-support';

type Win = { events: [string, unknown][]; goals: unknown[][]; dataLayer: unknown[]; parley: (...a: unknown[]) => unknown };

// What a developer pastes: stub analytics, then queued calls (one of them wrong) before the script loads.
const QUEUED = `
window.events = [];
window.goals = [];
window.gtag = (...a) => goals.push(['gtag', ...a]);
window.ym = (...a) => goals.push(['ym', ...a]);
window.dataLayer = [];
parley('setCustomParams', { product: 'Установка окон', office: 'Санкт-Петербург', stale: 'x' });
parley('init', {
  project: 'demo',
  goals: {
    open: { gtag: 'chat_open', ym: { counter: 12345678, goal: 'chat_open' }, dataLayer: 'chat_open' },
    'message:sent': { gtag: 'chat_message' },
  },
});
parley('explode');
parley('setCustomParams', 'not an object');
parley('setCustomParams', { office: 'Москва', stale: null });
for (const name of ['ready', 'open', 'close', 'message:sent', 'message:received', 'unread']) {
  parley('on', name, (p) => events.push([name, p]));
}
`;

describeBrowser('widget: the JavaScript API', () => {
  const env = useEnv();

  it('runs queued calls in order, each on its own; events and goals fire; operators see the custom params', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const warnings: string[] = [];
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
    await tab.shop('/catalog', { head: QUEUED, attrs: '' });
    await expect.poll(() => page.evaluate(() => (window as unknown as Win).events.map((e) => e[0]))).toEqual(['ready']);
    expect(warnings.some((w) => w.includes('unknown method "explode"'))).toBe(true);
    expect(tab.problems.pageErrors).toEqual([]);

    await openChat(page);
    // Custom params are checked by the chat chunk (queued calls wait for it): the warning comes when it loads.
    await expect.poll(() => warnings.some((w) => w.includes('setCustomParams() expects an object'))).toBe(true);
    await say(page, 'Сколько стоят окна?');
    const d = await dialogWith(env.owner, 'Сколько стоят окна?');
    await expect.poll(async () => (await detail(env.owner, d.id)).customParams).toEqual({ product: 'Установка окон', office: 'Москва' });

    await reply(env.owner, d.id, 'От 10 000 ₽');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as Win).events.map((e) => e[0])))
      .toEqual(expect.arrayContaining(['ready', 'open', 'message:sent', 'message:received']));
    const events = await page.evaluate(() => (window as unknown as Win).events);
    expect(events.find((e) => e[0] === 'message:sent')?.[1]).toMatchObject({ text: 'Сколько стоят окна?', dialogId: d.id });
    expect(events.find((e) => e[0] === 'message:received')?.[1]).toMatchObject({ text: 'От 10 000 ₽', author: { kind: 'operator' } });
    const goals = await page.evaluate(() => ({ goals: (window as unknown as Win).goals, dataLayer: (window as unknown as Win).dataLayer }));
    expect(goals.goals).toEqual([
      ['gtag', 'event', 'chat_open'],
      ['ym', 12345678, 'reachGoal', 'chat_open'],
      ['gtag', 'event', 'chat_message'],
    ]);
    expect(goals.dataLayer).toEqual([{ event: 'chat_open' }]);

    // After load, setCustomParams goes straight to the dialog.
    await page.evaluate(() => (window as unknown as Win).parley('setCustomParams', { cart: '3 items' }));
    await expect.poll(async () => (await detail(env.owner, d.id)).customParams).toEqual({ product: 'Установка окон', office: 'Москва', cart: '3 items' });
    await tab.context.close();
  });

  it('setCustomParams() while the connection waits for its welcome: the params still reach the dialog', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Hold the server's welcome until the page has set its params (the hello went without them).
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    let helloSent = () => {};
    const hello = new Promise<void>((r) => (helloSent = r));
    await page.routeWebSocket(/\/api\/v1\/widget\/ws/, (ws) => {
      const server = ws.connectToServer();
      ws.onMessage((m) => {
        if (String(m).includes('"session.hello"')) helloSent();
        server.send(m);
      });
      let order = Promise.resolve();
      server.onMessage((m) => {
        order = order.then(async () => {
          if (String(m).includes('"session.welcome"')) await held;
          ws.send(m);
        });
      });
    });
    await tab.shop('/params-welcome');
    await openChat(page);
    await hello;
    await page.evaluate(() => (window as unknown as Win).parley('setCustomParams', { plan: 'pro' }));
    // The page calls' chunk checks and merges it: give it the time to try sending.
    await page.waitForTimeout(300);
    release();
    await say(page, 'Params while welcomed');
    const d = await dialogWith(env.owner, 'Params while welcomed');
    await expect.poll(async () => (await detail(env.owner, d.id)).customParams).toEqual({ plan: 'pro' });
    await tab.context.close();
  });

  it('on() returns an unsubscribe function after load; unread counts replies while closed', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/unread');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.evaluate(() => {
      const w = window as unknown as Win & { unreadSeen: number[]; off: () => void };
      w.unreadSeen = [];
      w.off = w.parley('on', 'unread', (p: { count: number }) => w.unreadSeen.push(p.count)) as () => void;
    });
    await openChat(page);
    await say(page, 'Is anyone there?');
    const d = await dialogWith(env.owner, 'Is anyone there?');
    await page.keyboard.press('Escape');
    await reply(env.owner, d.id, 'Yes, one moment');
    await expect.poll(() => page.evaluate(() => (window as unknown as { unreadSeen: number[] }).unreadSeen)).toEqual([1]);
    await expect.poll(() => page.locator('parley-widget .b').innerText()).toBe('1');
    await expect(launcher(page).getAttribute('aria-label')).resolves.toBe('Open chat. 1 unread');
    await page.evaluate(() => (window as unknown as { off: () => void }).off());
    await reply(env.owner, d.id, 'Here I am');
    await expect.poll(() => page.locator('parley-widget .b').innerText()).toBe('2');
    expect(await page.evaluate(() => (window as unknown as { unreadSeen: number[] }).unreadSeen)).toEqual([1]);
    // A returning visitor: the count is back before any interaction, and stays live.
    await page.reload();
    await expect.poll(() => page.locator('parley-widget .b').innerText(), { timeout: 10_000 }).toBe('2');
    expect(tab.requests.filter((u) => embedFile(u) === 'chat').length).toBeGreaterThanOrEqual(2);
    await reply(env.owner, d.id, 'Still here');
    await expect.poll(() => page.locator('parley-widget .b').innerText(), { timeout: 10_000 }).toBe('3');
    // Opening reads them.
    await openChat(page);
    await expect.poll(() => page.locator('parley-widget .b').isVisible()).toBe(false);
    await expect.poll(() => messages(page).innerText()).toContain('Still here');
    await tab.context.close();
  });

  it("loads only the chat texts for a visitor who only chats; a typo in setTexts is still reported, an id of the other texts or of the launcher's is not", async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const said: string[] = [];
    page.on('console', (m) => said.push(m.text()));
    const more = () => tab.requests.filter((u) => /^texts-more-[a-z]{2}$/.test(embedFile(u) ?? ''));
    await tab.shop('/texts-plain');
    await openChat(page);
    await say(page, 'Only chatting');
    await dialogWith(env.owner, 'Only chatting');
    expect(more()).toEqual([]);
    await tab.context.close();

    const typo = await openTab(env);
    const warned: string[] = [];
    typo.page.on('console', (m) => warned.push(m.text()));
    await typo.shop('/texts-typo', {
      head: `parley('setTexts', { en: { 'form.title': 'Write to us', 'launcher.open': 'Talk to us', 'lanucher.open': 'Chat' } });`,
    });
    await openChat(typo.page);
    await expect.poll(() => warned.filter((t) => t.includes('unknown text key'))).toEqual(['Parley: setTexts(): unknown text key "lanucher.open"']);
    await typo.context.close();
  });

  it('switches language live, takes text overrides, and drives a named second widget', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const head = `
      parley('init', { project: 'demo', locale: 'fr' });
      parley('init', { project: 'demo', name: 'support', launcher: false, appearance: { position: 'bottom-left' } });
      parley('setTexts', { ru: { 'composer.placeholder': 'Ваш вопрос…' } });
    `;
    await tab.shop('/lang', { head, attrs: '' });
    await expect.poll(() => page.locator('parley-widget').count()).toBe(2);
    await expect.poll(() => launcher(page).first().getAttribute('aria-label')).toBe('Ouvrir le chat');
    await page.evaluate(() => (window as unknown as Win).parley('setLocale', 'ru'));
    await expect.poll(() => launcher(page).first().getAttribute('aria-label')).toBe('Открыть чат');
    await launcher(page).first().click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Ваш вопрос…' }).isVisible(), { timeout: 15_000 }).toBe(true);
    // Built-in texts come per locale: those of the locales shown (the second widget's chat, loaded on
    // the same first interaction, shows the project's en), never fr, switched away from before the chat loaded.
    const textChunks = () => [...new Set(tab.requests.map((u) => /^texts-([a-z]{2})$/.exec(embedFile(u) ?? '')?.[1]).filter(Boolean))];
    expect(textChunks()).toContain('ru');
    expect(textChunks()).not.toContain('fr');
    // A switch with the panel open fetches that locale's table and relabels the panel.
    await page.evaluate(() => (window as unknown as Win).parley('setLocale', 'fr'));
    await expect.poll(() => page.getByRole('textbox', { name: 'Écrivez un message…' }).isVisible()).toBe(true);
    expect(textChunks()).toContain('fr');
    await page.evaluate(() => (window as unknown as Win).parley('setLocale', 'ru'));
    await expect.poll(() => page.getByRole('textbox', { name: 'Ваш вопрос…' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    // The named widget has no launcher of its own; the page opens it.
    const support = page.locator('parley-widget[data-parley-name="support"]');
    expect(await support.getAttribute('data-launcher')).toBe('off');
    await page.evaluate(() => (window as unknown as Win).parley('support:open'));
    await expect.poll(() => support.getAttribute('class')).toBe('parley-holder opened');
    expect(await support.getAttribute('data-pos')).toBe('left');
    await page.evaluate(() => (window as unknown as Win).parley('support:close'));

    // destroy removes everything of that widget only.
    await page.evaluate(() => (window as unknown as Win).parley('support:destroy'));
    expect(await page.locator('parley-widget').count()).toBe(1);
    await page.evaluate(() => (window as unknown as Win).parley('destroy'));
    expect(await page.locator('parley-widget').count()).toBe(0);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('the npm package (packages/widget/dist): createWidget gives the same API, promise-based, with no global', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const module = `
      import { createWidget } from '/pkg/widget/index.js';
      const chat = createWidget({ project: 'demo', server: '${env.srv.url}', locale: 'ru' });
      window.esm = { chat, seen: [] };
      chat.on('message:sent', (m) => window.esm.seen.push(m.text));
    `;
    await tab.shop('/esm', { noScript: true, module });
    await page.waitForFunction(() => 'esm' in window);
    await page.evaluate(() => (window as unknown as { esm: { chat: { init(): Promise<void> } } }).esm.chat.init());
    // The ESM package installs no global facade (the page's queue stub stays a stub).
    expect(await page.evaluate(() => '__parley' in (window as unknown as { parley: object }).parley)).toBe(false);
    await page.evaluate(() => (window as unknown as { esm: { chat: { open(): Promise<void> } } }).esm.chat.open());
    expect(await panel(page).isVisible()).toBe(true);
    await page.getByRole('textbox', { name: 'Напишите сообщение…' }).fill('Из ESM-пакета');
    await page.keyboard.press('Enter');
    await dialogWith(env.owner, 'Из ESM-пакета');
    await expect.poll(() => page.evaluate(() => (window as unknown as { esm: { seen: string[] } }).esm.seen)).toEqual(['Из ESM-пакета']);
    // A bad identify rejects (for the developer to handle) instead of throwing synchronously.
    const err = await page.evaluate(() =>
      (window as unknown as { esm: { chat: { identify(i: unknown): Promise<void> } } }).esm.chat.identify({ id: 'x' }).then(
        () => 'resolved',
        (e: Error & { code?: string }) => `${e.name}:${e.code}`,
      ),
    );
    expect(err).toBe('ParleyError:bad_argument');
    await tab.context.close();
  });

  it('the developer example page logs events and goals on screen', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${env.srv.url}/developer.html`);
    await expect.poll(() => page.locator('#log').innerText()).toContain('event ready');
    await page.getByRole('button', { name: 'open()' }).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.locator('#log').innerText()).toContain('gtag("event", "chat_open")');
    await expect.poll(() => page.locator('#log').innerText()).toContain('ym(12345678, "reachGoal", "chat_open")');
    await expect.poll(() => page.locator('#log').innerText()).toContain('dataLayer.push({"event":"chat_open"})');
    await composer(page).fill('From the developer page');
    await composer(page).press('Enter');
    const d = await dialogWith(env.owner, 'From the developer page');
    await expect.poll(async () => (await detail(env.owner, d.id)).customParams).toEqual({ product: 'Установка окон', office: 'Москва' });
    await tab.context.close();
  });
});
