import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { composer, dialogWith, launcher, messages, openChat, openTab, panel, reply, say, widgetState, useEnv } from './widget-support';

describeBrowser('widget: the one-script embed', () => {
  const env = useEnv();

  it('the paste-one-tag page: light before interaction, then a full conversation with the operator', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${env.srv.url}/basic.html`);
    await expect.poll(() => widgetState(page)).toBe('closed');
    await expect(launcher(page).getAttribute('aria-label')).resolves.toBe('Open chat');
    // Before the visitor does anything: the tag, the loader, the config. No chat code, no socket.
    const scripts = () => tab.requests.filter((u) => u.endsWith('.js')).map((u) => new URL(u).pathname);
    expect(scripts()).toEqual(['/widget.js', expect.stringMatching(/^\/widget\/[0-9a-f]{10}\/loader\.js$/)]);
    expect(tab.requests.some((u) => u.includes('/widget/projects/demo/config'))).toBe(true);

    await openChat(page);
    // The chat chunk comes once the visitor asks for it, with the built-in texts of the shown locale only.
    // It is asked for twice: the loader's fetch ahead, then the import, which the HTTP cache serves
    // (widget-chunk-failure.test.ts checks that it is downloaded once).
    const chat = expect.stringMatching(/^\/widget\/[0-9a-f]{10}\/chat\.js$/);
    expect(scripts()).toEqual([
      '/widget.js',
      expect.stringMatching(/^\/widget\/[0-9a-f]{10}\/loader\.js$/),
      chat,
      chat,
      expect.stringMatching(/^\/widget\/[0-9a-f]{10}\/texts-en\.js$/),
    ]);
    await expect.poll(() => page.evaluate(() => document.querySelector('parley-widget')?.className)).toBe('parley-holder opened');
    await expect(panel(page).getAttribute('aria-labelledby')).resolves.toBe('parley-title');
    await say(page, 'Здравствуйте, нужны окна');
    const d = await dialogWith(env.owner, 'Здравствуйте, нужны окна');
    await expect.poll(() => messages(page).innerText()).toContain('Здравствуйте, нужны окна');

    await reply(env.owner, d.id, 'Добрый день! See https://example.com/offer and <b>not bold</b>');
    await expect.poll(() => messages(page).innerText(), { timeout: 10_000 }).toContain('Добрый день!');
    // Text stays text; only http(s) and mailto become links, opened safely.
    const link = messages(page).getByRole('link', { name: 'https://example.com/offer' });
    await expect(link.getAttribute('rel')).resolves.toBe('noopener noreferrer');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(messages(page).locator('b').count()).resolves.toBe(0);
    await expect.poll(() => messages(page).innerText()).toContain('<b>not bold</b>');

    // Reload: the conversation is still there.
    await page.reload();
    await openChat(page);
    await expect.poll(() => messages(page).innerText()).toContain('Добрый день!');
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('works with the keyboard only: focus goes into the panel and back to the launcher', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/');
    await expect.poll(() => widgetState(page)).toBe('closed');
    // Tab from the page's last control reaches the launcher.
    await page.focus('body');
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await launcher(page).evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el)) break;
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => composer(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await page.keyboard.type('Typed without a mouse');
    await page.keyboard.press('Enter');
    await dialogWith(env.owner, 'Typed without a mouse');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    await expect.poll(() => launcher(page).evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await expect(launcher(page).getAttribute('aria-expanded')).resolves.toBe('false');
    await tab.context.close();
  });

  it('keeps the host-page hooks of the classic goal snippet and never starts twice', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const twice = `data-project="demo"></script><script async src="${env.srv.url}/widget.js" data-project="demo"`;
    await tab.shop('/', { attrs: twice });
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.waitForTimeout(300);
    expect(await page.locator('parley-widget').count()).toBe(1);
    // The seed's goal script, as a site owner pastes it.
    await page.evaluate(() => {
      (window as unknown as { goal: number }).goal = 0;
      document.querySelector('.parley-holder:not(.opened)')?.addEventListener('click', () => (window as unknown as { goal: number }).goal++);
    });
    await openChat(page);
    expect(await page.evaluate(() => (window as unknown as { goal: number }).goal)).toBe(1);
    expect(await page.locator('.parley-holder.opened').count()).toBe(1);
    await launcher(page).click();
    await expect.poll(() => page.locator('.parley-holder:not(.opened)').count()).toBe(1);
    // The page's own styles never reach inside, and ours never leak out.
    const bodyFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    await page.addStyleTag({ content: 'button { background: red !important; } parley-widget { display: none; }' });
    await expect.poll(() => widgetState(page)).toBe('closed');
    expect(await launcher(page).isVisible()).toBe(true);
    expect(await launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgb(255, 0, 0)');
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe(bodyFont);
    await tab.context.close();
  });
});
