import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { configure, online, openTab, useEnv, widgetState, type Tab } from './widget-support';

/**
 * Issue 13, bug 6: an untouched widget (no socket yet) must know the project's settings and
 * whether anyone can answer before the first click, and follow changes without polling.
 */

const hostStyle = (tab: Tab, prop: string) =>
  tab.page.evaluate((p) => document.querySelector<HTMLElement>('parley-widget')?.style.getPropertyValue(p) ?? '', prop);
const events = (tab: Tab) => tab.page.evaluate(() => (window as unknown as { events: unknown[] }).events);
const sockets = (tab: Tab) => tab.requests.filter((u) => u.startsWith('ws')).length;
const RECORD = `window.events = [];
parley('on', 'ready', function (e) { events.push(['ready', e.mode]); });
parley('on', 'online-change', function (e) { events.push(['online-change', e.online, e.mode]); });`;

describeBrowser('widget: settings and presence reach an untouched widget', () => {
  const env = useEnv();

  it('knows before the first click that nobody is online', async () => {
    await online(env.owner, false);
    try {
      const tab = await openTab(env);
      await tab.shop('/offline', { head: RECORD });
      await expect.poll(() => widgetState(tab.page)).toBe('closed');
      expect(await events(tab)).toEqual([['ready', 'offline-form']]);
      expect(sockets(tab)).toBe(0);
      await tab.context.close();
    } finally {
      await online(env.owner, true);
    }
  });

  it('follows settings and presence on navigation and when the page is shown again, without polling', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/live', { head: RECORD });
    await expect.poll(() => widgetState(page)).toBe('closed');
    expect(await events(tab)).toEqual([['ready', 'chat']]);
    expect(await hostStyle(tab, '--pa')).toBe('#2563eb');

    // An idle page asks for nothing.
    const configRequests = () => tab.requests.filter((u) => u.includes('/widget/projects/demo/config')).length;
    const before = configRequests();
    await page.waitForTimeout(2000);
    expect(configRequests()).toBe(before);

    // The owner changes the colour and goes offline; the app moves on to another route by itself
    // (a click or a key would be an interaction: the chat would connect and get it all live).
    await configure(env.owner, { appearance: { color: '#b91c1c', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'auto' } });
    await online(env.owner, false);
    await page.waitForTimeout(1100); // revalidations closer together than a second are one
    await page.evaluate(() => history.pushState(null, '', '/live/next'));
    await expect.poll(() => hostStyle(tab, '--pa'), { timeout: 10_000 }).toBe('#b91c1c');
    await expect
      .poll(() => events(tab))
      .toEqual([
        ['ready', 'chat'],
        ['online-change', false, 'offline-form'],
      ]);

    // Back online while the visitor is in another tab: the page is shown again, the chat is back.
    await online(env.owner, true);
    await page.waitForTimeout(1100);
    // Headless Chromium never hides a page (bringToFront changes nothing): the tab switch is played
    // with the events a browser fires, visibilityState following them.
    const show = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await show('hidden');
    await page.waitForTimeout(300);
    expect(await events(tab)).toHaveLength(2);
    await show('visible');
    await expect
      .poll(() => events(tab), { timeout: 10_000 })
      .toEqual([
        ['ready', 'chat'],
        ['online-change', false, 'offline-form'],
        ['online-change', true, 'chat'],
      ]);
    expect(sockets(tab)).toBe(0);
    await tab.context.close();
  });
});
