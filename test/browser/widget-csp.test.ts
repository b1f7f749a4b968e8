import { beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { dialogWith, isEmbedFile, messages, openChat, openTab, panel, publishHelpArticle, reply, say, strictCsp, widgetState, useEnv } from './widget-support';

const NONCE = 'r4nd0m-n0nce';

describeBrowser('widget: strict CSP and Trusted Types', () => {
  const env = useEnv();
  // Help (a lazy view below) shows only with articles in the visitor's language.
  beforeAll(() => publishHelpArticle(env.owner));

  it('the strict-CSP example page runs a whole conversation with zero violations', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${env.srv.url}/csp.html`);
    await expect.poll(() => widgetState(page)).toBe('closed');
    await openChat(page);
    await say(page, 'Hello from a strict page');
    const d = await dialogWith(env.owner, 'Hello from a strict page');
    await reply(env.owner, d.id, 'Welcome, see https://example.com and <img src=x onerror=alert(1)>');
    await expect.poll(() => messages(page).innerText()).toContain('Welcome');
    expect(await messages(page).locator('img').count()).toBe(0);
    await page.keyboard.press('Escape');
    expect(tab.problems.cspViolations).toEqual([]);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('a cross-origin page with a CSP header (nonce, strict-dynamic, Trusted Types) embeds it cleanly', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const csp = strictCsp(env.srv.url, NONCE);
    await tab.shop('/strict', { csp, nonce: NONCE, attrs: 'data-project="demo"' });
    await expect.poll(() => widgetState(page)).toBe('closed');
    await openChat(page);
    await say(page, 'Строгая политика, всё работает');
    await dialogWith(env.owner, 'Строгая политика, всё работает');
    await expect.poll(() => messages(page).innerText()).toContain('Строгая политика');
    // A view loaded on need, with the second chunk of texts (texts-more-<locale>): Help.
    await panel(page).getByRole('button', { name: 'Help' }).click();
    await panel(page).getByRole('searchbox', { name: 'Search help' }).waitFor({ timeout: 10_000 });
    expect(tab.requests.some((u) => isEmbedFile(u, 'texts-more-en'))).toBe(true);
    // Trusted Types really are enforced on this page: a sink refuses plain strings.
    const enforced = await page.evaluate(() => {
      try {
        document.body.innerHTML = '<b>x</b>';
        return false;
      } catch {
        return true;
      }
    });
    expect(enforced).toBe(true);
    // The violation watcher sees that probe, and nothing else was ever refused.
    await expect.poll(() => tab.problems.cspViolations.length).toBe(1);
    expect(tab.problems.cspViolations[0]).toMatch(/^require-trusted-types-for /);
    await tab.context.close();
  });
});
