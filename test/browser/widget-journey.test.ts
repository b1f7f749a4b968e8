import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { detail, dialogWith, isEmbedFile, openChat, openTab, say, useEnv } from './widget-support';

/**
 * Issue 16: the visitor's journey before the first message. The widget notes every page view on
 * the device before the chat connects (full page loads and in-app routes, with the title the app
 * set after the route changed) and the hello reports them; the operator sees the landing page,
 * the external referrer, UTM and the pages with their titles.
 */
describeBrowser('widget: the visitor journey', () => {
  const env = useEnv();

  it('survives in-app navigation and a full page load, with each route’s own title', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Like React or Vue: the route changes first, the title when the new view has rendered.
    const spa = `<script>
window.go = function (path, title) { history.pushState(null, '', path); setTimeout(function () { document.title = title; }, 60); };
</script>`;
    const titled = (title: string) => ({ head: `document.title = ${JSON.stringify(title)};`, body: spa });
    env.shop.pages.set('/landing?utm_source=ads&utm_campaign=winter', titled('Landing'));
    env.shop.pages.set('/about', titled('About us'));
    // From a search engine, then a full page load; nothing is clicked (the chat is not loaded).
    await page.goto(`${env.shop.origin}/landing?utm_source=ads&utm_campaign=winter`, { referer: 'https://search.example/?q=windows' });
    await page.waitForSelector('parley-widget');
    await page.goto(`${env.shop.origin}/about`);
    await page.waitForSelector('parley-widget');
    // Two in-app routes.
    await page.evaluate(() => (window as unknown as { go(p: string, t: string): void }).go('/catalog', 'Catalog'));
    await expect.poll(() => page.title()).toBe('Catalog');
    await page.evaluate(() => (window as unknown as { go(p: string, t: string): void }).go('/catalog/windows', 'Windows'));
    await expect.poll(() => page.title()).toBe('Windows');
    expect(tab.requests.some((u) => isEmbedFile(u, 'chat'))).toBe(false);

    await openChat(page);
    await say(page, 'A question after a long journey');
    const d = await dialogWith(env.owner, 'A question after a long journey');
    const j = (await detail(env.owner, d.id)).journey;
    expect(j).toMatchObject({
      landingPage: `${env.shop.origin}/landing?utm_source=ads&utm_campaign=winter`,
      referrer: 'https://search.example/?q=windows',
      utm: { utm_source: 'ads', utm_campaign: 'winter' },
      visits: 1,
      firstSeenAt: expect.any(Number),
    });
    const pages = j!.pagesBeforeFirstMessage.map((p) => [new URL(p.url).pathname, p.title]);
    expect(pages).toEqual([
      ['/landing', 'Landing'],
      ['/about', 'About us'],
      ['/catalog', 'Catalog'],
      ['/catalog/windows', 'Windows'],
    ]);
    expect(j!.firstSeenAt).toBe(j!.pagesBeforeFirstMessage[0]!.at);

    // Reported once: the next page load's hello carries no old pages again.
    await page.goto(`${env.shop.origin}/about`);
    await openChat(page);
    await say(page, 'And one more');
    await expect.poll(async () => (await detail(env.owner, d.id)).pages.filter((p) => p.url.endsWith('/about')).length).toBe(2);
    const seen = (await detail(env.owner, d.id)).pages.map((p) => new URL(p.url).pathname);
    expect(seen.filter((p) => p === '/catalog')).toHaveLength(1);
    expect((await detail(env.owner, d.id)).journey?.pagesBeforeFirstMessage).toHaveLength(4);
    await tab.context.close();
  });
});
