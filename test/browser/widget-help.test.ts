import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { png } from '../../packages/server/test/fixtures';
import { composer as enComposer, dialogWith, openChat, openTab, panel, useEnv, visitorTexts } from './widget-support';

const composer = (page: Page) => page.getByRole('textbox', { name: 'Напишите сообщение…' });

describeBrowser('widget: the Help tab (knowledge base) and suggestions while typing', () => {
  const env = useEnv();

  // First in the file: the project has no articles yet.
  it('offers no Help and asks for no suggestions where the knowledge base has no articles in the language; a published one brings both, live', async () => {
    const tab = await openTab(env);
    await tab.shop('/help-none', { head: "parley('init', { project: 'demo', locale: 'en' });" });
    await openChat(tab.page);
    const helpButton = panel(tab.page).getByRole('button', { name: 'Help' });
    await enComposer(tab.page).waitFor();
    expect(await helpButton.count()).toBe(0);
    // Typing a first message asks the server nothing and loads no suggestions' code.
    await enComposer(tab.page).pressSequentially('How do refunds work', { delay: 10 });
    await tab.page.waitForTimeout(800);
    expect(tab.requests.filter((u) => u.includes('/help/') || /\/help(-suggest)?\.js$/.test(u))).toEqual([]);
    await enComposer(tab.page).fill('');

    // Articles in another language change nothing here; one in English shows Help in the open panel.
    const fr = await env.owner.post('/api/v1/operator/help/articles', {
      locale: 'fr',
      title: 'Remboursements',
      body: 'Sous 14 jours.',
      category: '',
      status: 'published',
      position: 0,
    });
    expect(fr.status).toBe(201);
    await tab.page.waitForTimeout(500);
    expect(await helpButton.count()).toBe(0);
    const en = await env.owner.post('/api/v1/operator/help/articles', {
      locale: 'en',
      title: 'How refunds work',
      body: 'Within 14 days.',
      category: '',
      status: 'published',
      position: 0,
    });
    expect(en.status).toBe(201);
    await helpButton.waitFor({ timeout: 10_000 });
    await enComposer(tab.page).pressSequentially('refunds', { delay: 10 });
    const box = panel(tab.page).getByRole('region', { name: 'These articles may help' });
    await expect.poll(() => box.getByRole('button').allInnerTexts(), { timeout: 10_000 }).toEqual(['How refunds work']);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
    // The other tests bring their own articles.
    for (const a of [fr, en]) expect((await env.owner.delete(`/api/v1/operator/help/articles/${a.body.article.id}`)).status).toBe(204);
  });

  it('a visitor finds an article by another form of a word (ru), reads it, and starts a chat that references it', async () => {
    const add = async (title: string, body: string, category: string) => {
      const r = await env.owner.post('/api/v1/operator/help/articles', { locale: 'ru', title, body, category, status: 'published', position: 0 });
      expect(r.status).toBe(201);
      return r.body.article.id as string;
    };
    const id = await add(
      'Как оформить возврат товара',
      'Возвраты принимаются **в течение 14 дней**. Подробнее: [правила](https://example.com/rules)',
      'Заказы',
    );
    await add('Сроки доставки', 'Доставляем за 2 дня.', 'Доставка');
    await env.owner.post('/api/v1/operator/help/articles', {
      locale: 'ru',
      title: 'Возврат (черновик)',
      body: 'x',
      category: 'Заказы',
      status: 'draft',
      position: 0,
    });

    const tab = await openTab(env);
    await tab.shop('/help-ru', { head: "parley('init', { project: 'demo', locale: 'ru' });" });
    // Before the visitor touches anything, nothing of the knowledge base is loaded.
    await tab.page.waitForTimeout(300);
    expect(tab.requests.filter((u) => u.includes('/help/') || /\/help-[a-z0-9]+\.js/.test(u))).toEqual([]);
    await openChat(tab.page);
    const helpButton = panel(tab.page).getByRole('button', { name: 'Помощь' });
    await helpButton.click();
    // The Help view is a lazy chunk: count the sheets once it is shown.
    await panel(tab.page).getByRole('searchbox', { name: 'Поиск по статьям' }).waitFor();
    // Closing and opening the tab again adds no stylesheet to the widget (each opening used to adopt one more).
    const sheets = () =>
      tab.page.evaluate(() => [...document.querySelectorAll('.parley-holder')].reduce((n, h) => n + (h.shadowRoot?.adoptedStyleSheets.length ?? 0), 0));
    const adopted = await sheets();
    await helpButton.click();
    await helpButton.click();
    await panel(tab.page).getByRole('searchbox', { name: 'Поиск по статьям' }).waitFor();
    expect(await sheets()).toBe(adopted);
    const search = panel(tab.page).getByRole('searchbox', { name: 'Поиск по статьям' });
    await search.fill('возвратом');
    const hit = panel(tab.page).locator(`.hi[data-id="${id}"]`);
    await expect.poll(() => hit.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => panel(tab.page).locator('.hi').count()).toBe(1);
    await hit.click();
    const article = panel(tab.page).locator('.ha');
    await expect.poll(() => article.innerText(), { timeout: 10_000 }).toContain('в течение 14 дней');
    expect(await article.locator('strong').innerText()).toBe('в течение 14 дней');
    expect(await article.locator('a').getAttribute('href')).toBe('https://example.com/rules');

    await article.getByRole('button', { name: 'Остались вопросы? Напишите нам' }).click();
    await expect.poll(() => composer(tab.page).inputValue()).toBe('По статье «Как оформить возврат товара»: ');
    await composer(tab.page).press('End');
    await composer(tab.page).type('а если коробка вскрыта?');
    await composer(tab.page).press('Enter');
    const d = await dialogWith(env.owner, 'По статье «Как оформить возврат товара»: а если коробка вскрыта?');
    expect(await visitorTexts(env.owner, d.id)).toEqual(['По статье «Как оформить возврат товара»: а если коробка вскрыта?']);
    const stats = await env.owner.get(`/api/v1/operator/stats?from=${Date.now() - 3_600_000}&to=${Date.now() + 60_000}`);
    expect(stats.body.help.articlesViewed).toBeGreaterThanOrEqual(1);
    expect(tab.problems.pageErrors).toEqual([]);
    expect(tab.problems.cspViolations).toEqual([]);
    await tab.context.close();
  });

  it('suggests up to three matching articles while the visitor types the first message; a Help chunk that fails to load warns and loads on the next click', async () => {
    const tab = await openTab(env);
    const warnings: string[] = [];
    tab.page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await tab.shop('/help-suggest', { head: "parley('init', { project: 'demo', locale: 'ru' });" });
    await openChat(tab.page);
    // Offline as far as the Help chunk goes: the click (and the hover before it) warn, nothing is thrown.
    const HELP_CHUNK = /\/widget\/[0-9a-f]{10}\/help\.js$/;
    await tab.page.route(HELP_CHUNK, (route) => route.abort('internetdisconnected'));
    const helpButton = panel(tab.page).getByRole('button', { name: 'Помощь' });
    const search = panel(tab.page).getByRole('searchbox', { name: 'Поиск по статьям' });
    await helpButton.click();
    await expect.poll(() => warnings.some((w) => w.includes('the Help tab could not load')), { timeout: 10_000 }).toBe(true);
    expect(await search.count()).toBe(0);
    expect(tab.problems.pageErrors).toEqual([]);
    // Back online: the next click fetches the chunk again and opens the tab.
    await tab.page.unroute(HELP_CHUNK);
    await helpButton.click();
    await search.waitFor({ timeout: 10_000 });
    await helpButton.click();
    await expect.poll(() => search.count()).toBe(0);
    await composer(tab.page).pressSequentially('Хочу вернуть товары, возвраты', { delay: 10 });
    const box = panel(tab.page).getByRole('region', { name: 'Возможно, вам помогут эти статьи' });
    await expect.poll(() => box.isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => box.getByRole('button').allInnerTexts()).toEqual(['Как оформить возврат товара']);
    await box.getByRole('button', { name: 'Как оформить возврат товара' }).click();
    await expect.poll(() => panel(tab.page).locator('.ha').innerText(), { timeout: 10_000 }).toContain('в течение 14 дней');
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });
  it('shows article images from our server; articles read before are readable offline as a saved copy (alt text for images) until the server says they are gone', async () => {
    const up = await env.owner.upload('/api/v1/operator/help/images', png(24, 16), { type: 'image/png', name: 'коробка.png' });
    expect(up.status).toBe(201);
    const id = (
      await env.owner.post('/api/v1/operator/help/articles', {
        locale: 'ru',
        title: 'Как упаковать посылку',
        body: `Сложите коробку так:\n\n${up.body.markdown}\n\nИ заклейте.`,
        category: 'Заказы',
        status: 'published',
        position: 5,
      })
    ).body.article.id as string;

    const tab = await openTab(env);
    await tab.shop('/help-offline', { head: "parley('init', { project: 'demo', locale: 'ru' });" });
    await openChat(tab.page);
    const helpButton = panel(tab.page).getByRole('button', { name: 'Помощь' });
    await helpButton.click();
    const hit = panel(tab.page).locator(`.hi[data-id="${id}"]`);
    await expect.poll(() => hit.isVisible(), { timeout: 10_000 }).toBe(true);
    await hit.click();
    const article = panel(tab.page).locator('.ha');
    await expect.poll(() => article.innerText(), { timeout: 10_000 }).toContain('Сложите коробку так');
    // The image loads from our server (the widget resolves the article's path against it).
    const img = article.locator('img');
    expect(await img.getAttribute('alt')).toBe('коробка');
    expect(await img.getAttribute('src')).toBe(`${env.srv.url}${up.body.path as string}`);
    await expect.poll(() => img.evaluate((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth), { timeout: 10_000 }).toBe(24);
    expect(await article.getByRole('status').count()).toBe(0);

    // The network goes down; the Help tab, opened again, lists the articles read and shows the saved copy.
    await tab.context.setOffline(true);
    await helpButton.click();
    await helpButton.click();
    const notice = panel(tab.page).locator('.hw [role=status]');
    await expect.poll(() => notice.innerText(), { timeout: 10_000 }).toBe('Нет связи: статьи, которые вы читали.');
    await expect.poll(() => panel(tab.page).locator('.hi').allInnerTexts()).toEqual(['Как упаковать посылку']);
    await panel(tab.page).locator(`.hi[data-id="${id}"]`).click();
    await expect.poll(() => article.innerText(), { timeout: 10_000 }).toContain('Сложите коробку так');
    expect(await article.innerText()).toContain('И заклейте.');
    expect(await article.getByRole('status').innerText()).toBe('Нет связи: это сохранённая копия.');
    // The saved copy keeps no image: its alt text stands where the picture was, not a broken image.
    expect(await article.locator('img').count()).toBe(0);
    expect(await article.getByRole('img', { name: 'коробка' }).innerText()).toBe('коробка');

    // Back online, the tab reads the server again (no saved-copy notice).
    await tab.context.setOffline(false);
    await helpButton.click();
    await helpButton.click();
    await expect.poll(() => panel(tab.page).locator(`.hi[data-id="${id}"]`).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await panel(tab.page).locator('.hw [role=status]').count()).toBe(0);

    // A second article read, then one unpublished and the other deleted: once the widget is online and
    // sees them gone, their saved copies go too; offline the tab has nothing of them left to show.
    const other = (
      await env.owner.post('/api/v1/operator/help/articles', {
        locale: 'ru',
        title: 'Как вернуть посылку',
        body: 'Отнесите на почту.',
        category: 'Заказы',
        status: 'published',
        position: 6,
      })
    ).body.article.id as string;
    await helpButton.click();
    await helpButton.click();
    await panel(tab.page).locator(`.hi[data-id="${other}"]`).click();
    await expect.poll(() => article.innerText(), { timeout: 10_000 }).toContain('Отнесите на почту.');
    // Unpublished: the next opening online asks which saved copies are still published, and drops it.
    expect((await env.owner.patch(`/api/v1/operator/help/articles/${id}`, { status: 'draft' })).status).toBe(200);
    const checked = tab.page.waitForResponse((r) => r.url().includes('/articles?ids=') && r.url().includes(other));
    await helpButton.click();
    await helpButton.click();
    expect((await (await checked).json()).articles.map((a: { id: string }) => a.id)).toEqual([other]);
    // Deleted while the list shows it: opening it answers 404, the saved copy goes and the list is read again.
    const stale = panel(tab.page).locator(`.hi[data-id="${other}"]`);
    await stale.waitFor({ timeout: 10_000 });
    expect((await env.owner.delete(`/api/v1/operator/help/articles/${other}`)).status).toBe(204);
    await stale.click();
    await expect.poll(() => stale.count(), { timeout: 10_000 }).toBe(0);
    expect(await article.count()).toBe(0);
    await tab.context.setOffline(true);
    await expect
      .poll(
        async () => {
          await helpButton.click();
          await helpButton.click();
          await panel(tab.page).locator('.hw [role=status]').waitFor();
          return panel(tab.page).locator('.hi').count();
        },
        { timeout: 10_000 },
      )
      .toBe(0);
    expect(await panel(tab.page).locator('.hw [role=status]').innerText()).toBe('Нет связи: статьи, которые вы читали.');
    await tab.context.setOffline(false);
    expect(tab.problems.pageErrors).toEqual([]);
    expect(tab.problems.cspViolations).toEqual([]);
    await tab.context.close();
  });
});
