import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { projectKeys, sign, signJwt } from '../../packages/server/test/harness';
import { dialogWith, messages, openChat, openTab, panel, say, visitorTexts, useEnv } from './widget-support';

/** Storage keys of the widget's IndexedDB store that belong to one signed-in user. */
async function storedKeysOf(page: Page, who: string): Promise<string[]> {
  return page.evaluate(
    (w) =>
      new Promise<string[]>((res) => {
        const req = indexedDB.open('parley');
        req.onsuccess = () => {
          const all = req.result.transaction('kv').objectStore('kv').getAllKeys();
          all.onsuccess = () => res((all.result as string[]).filter((k) => k.endsWith(`:u:${w}`)));
        };
      }),
    who,
  );
}

/** Records, from the first shadow root on, whether `text` ever appears in the widget (even for a moment). */
const WATCH = (text: string) => `
  window.__seen = false;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    new MutationObserver(() => { if ((root.textContent || '').includes(${JSON.stringify(text)})) window.__seen = true; })
      .observe(root, { subtree: true, childList: true, characterData: true });
    return root;
  };
`;

describeBrowser('widget: signed-in visitors on a shared device and JWTs that expire', () => {
  const env = useEnv();

  it("a forged identify(A) shows nothing of A's cached conversation; a user switch without logout leaves nothing of A", async () => {
    const keys = await projectKeys(env.owner);
    const tab = await openTab(env);
    const { page, context } = tab;
    const identify = (id: string, signature: string) => `parley('identify', ${JSON.stringify({ id, signature })});`;
    // A signs in properly and writes.
    await tab.shop('/account', { head: identify('anna-42', sign(keys, 'anna-42')) });
    await openChat(page);
    await say(page, 'Мой секрет: заказ 7781');
    await dialogWith(env.owner, 'Мой секрет: заказ 7781');
    await expect.poll(() => storedKeysOf(page, 'anna-42')).toContain('h:demo:u:anna-42');

    // Someone else at the same browser, offline (so nothing can verify), claims to be A.
    await page.addInitScript(WATCH('Мой секрет'));
    await tab.shop('/account?forged', {});
    await openChat(page);
    await panel(page).getByRole('button', { name: 'Close chat' }).click();
    await context.setOffline(true);
    await page.evaluate(`${identify('anna-42', '0'.repeat(64))} void 0`);
    await openChat(page);
    await page.waitForTimeout(1500);
    expect(await page.evaluate('window.__seen')).toBe(false);
    expect(await messages(page).innerText()).not.toContain('Мой секрет');
    await context.setOffline(false);
    // Refused by the server: still nothing of A.
    await page.waitForTimeout(1500);
    expect(await page.evaluate('window.__seen')).toBe(false);

    // B signs in on the same browser without A logging out: A's token, outbox and cache go.
    await tab.shop('/account?b', { head: identify('boris-7', sign(keys, 'boris-7')) });
    await openChat(page);
    await say(page, 'Я Борис');
    await dialogWith(env.owner, 'Я Борис');
    await expect.poll(() => storedKeysOf(page, 'anna-42'), { timeout: 10_000 }).toEqual([]);
    expect(await page.evaluate('window.__seen')).toBe(false);
    await context.close();
  });

  it('a JWT session asks the page for a fresh JWT through the identify option and goes on past the first exp', async () => {
    const keys = await projectKeys(env.owner);
    const tab = await openTab(env);
    const { page } = tab;
    let issued = 0;
    const jwt = (lifeSeconds: number) => signJwt(keys, { sub: 'jwt-user-5', exp: Math.floor(Date.now() / 1000) + lifeSeconds });
    await page.exposeFunction('freshJwt', () => {
      issued++;
      return jwt(600);
    });
    const first = jwt(4);
    await tab.shop('/jwt', {
      head: `parley('init', { identify: async () => ({ jwt: await window.freshJwt() }) });
             parley('identify', { jwt: ${JSON.stringify(first)} });`,
    });
    await openChat(page);
    await say(page, 'до истечения');
    const d = await dialogWith(env.owner, 'до истечения');
    // The first JWT lives 4 s: the widget asked for a fresh one before it ended.
    await expect.poll(() => issued, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(4500);
    await say(page, 'после истечения');
    await expect.poll(() => visitorTexts(env.owner, d.id), { timeout: 10_000 }).toEqual(['до истечения', 'после истечения']);
    expect(await messages(page).innerText()).toContain('до истечения');
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });
});
