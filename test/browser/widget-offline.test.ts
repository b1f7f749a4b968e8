import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { dialogWith, dialogs, messages, openChat, openTab, panel, reply, say, visitorTexts, useEnv } from './widget-support';

describeBrowser('widget: offline and back', () => {
  const env = useEnv();

  const allVisitorTexts = async () => {
    const out: string[] = [];
    for (const d of await dialogs(env.owner)) out.push(...(await visitorTexts(env.owner, d.id)));
    return out;
  };

  it('three messages written offline survive a reload and arrive exactly once, in order', async () => {
    const tab = await openTab(env);
    const { page, context } = tab;
    await tab.shop('/offline');
    await openChat(page);
    await say(page, 'Перед обрывом связи');
    const d = await dialogWith(env.owner, 'Перед обрывом связи');

    await context.setOffline(true);
    await expect.poll(() => panel(page).getByRole('status').first().innerText()).toContain('No connection');
    for (const text of ['один', 'два', 'три']) await say(page, text);
    await expect.poll(() => messages(page).getByText('Waiting for connection').count()).toBe(3);
    // Stored, not sent.
    await page.waitForTimeout(500);
    expect(await visitorTexts(env.owner, d.id)).toEqual(['Перед обрывом связи']);

    // The tab goes away while still offline (a reload cannot even load the page).
    await expect(page.reload()).rejects.toThrow();
    await context.setOffline(false);
    await tab.shop('/offline');
    await expect.poll(() => visitorTexts(env.owner, d.id), { timeout: 15_000 }).toEqual(['Перед обрывом связи', 'один', 'два', 'три']);
    await openChat(page);
    await expect.poll(() => messages(page).innerText()).toContain('три');
    const shown = await messages(page).innerText();
    expect(shown.split('два').length - 1).toBe(1);
    expect(await messages(page).getByText('Waiting for connection').count()).toBe(0);

    // Another reload sends nothing again.
    await page.reload();
    await openChat(page);
    await expect.poll(() => messages(page).innerText()).toContain('три');
    await page.waitForTimeout(500);
    expect(await visitorTexts(env.owner, d.id)).toEqual(['Перед обрывом связи', 'один', 'два', 'три']);
    await context.close();
  });

  it('without a reload: queued while offline, sent in order when the browser is back online', async () => {
    const tab = await openTab(env);
    const { page, context } = tab;
    await tab.shop('/blip');
    await openChat(page);
    await context.setOffline(true);
    await expect.poll(() => panel(page).getByRole('status').first().innerText()).toContain('No connection');
    await say(page, 'офлайн 1');
    await say(page, 'офлайн 2');
    await context.setOffline(false);
    await expect.poll(allVisitorTexts, { timeout: 15_000 }).toEqual(expect.arrayContaining(['офлайн 1', 'офлайн 2']));
    const d = await dialogWith(env.owner, 'офлайн 1');
    expect(await visitorTexts(env.owner, d.id)).toEqual(['офлайн 1', 'офлайн 2']);
    await expect.poll(() => messages(page).getByText('Sent').count()).toBe(2);
    await context.close();
  });

  it('two tabs of one visitor keep the unread count in step', async () => {
    const tab = await openTab(env);
    await tab.shop('/tabs');
    await openChat(tab.page);
    await say(tab.page, 'Из первой вкладки');
    const d = await dialogWith(env.owner, 'Из первой вкладки');
    await tab.page.keyboard.press('Escape');
    const second = await tab.context.newPage();
    await second.goto(`${env.shop.origin}/tabs`);
    await expect.poll(() => second.evaluate(() => document.querySelector('parley-widget')?.getAttribute('data-state'))).toBe('closed');
    await reply(env.owner, d.id, 'Ответ в обе вкладки');
    const badge = (p: typeof second) => p.locator('parley-widget .b');
    await expect.poll(() => badge(tab.page).innerText(), { timeout: 10_000 }).toBe('1');
    await expect.poll(() => badge(second).innerText(), { timeout: 10_000 }).toBe('1');
    // Reading in one tab clears the other.
    await second.bringToFront();
    await openChat(second);
    await expect.poll(() => badge(tab.page).isVisible(), { timeout: 10_000 }).toBe(false);
    await tab.context.close();
  });
});
