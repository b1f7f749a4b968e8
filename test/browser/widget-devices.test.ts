import { expect, it } from 'vitest';
import { USER_AGENTS, describeBrowser } from '../browser-helper';
import { composer, configure, dialogWith, detail, launcher, openChat, openTab, panel, say, widgetState, useEnv } from './widget-support';

describeBrowser('widget: desktop and mobile', () => {
  const env = useEnv();

  it('follows the device filter: desktop only hides it on a phone, and the reverse', async () => {
    await configure(env.owner, { devices: ['desktop'] });
    const desk = await openTab(env, 'desktop');
    const phone = await openTab(env, 'mobile');
    await desk.shop('/filter');
    await phone.shop('/filter');
    await expect.poll(() => widgetState(desk.page)).toBe('closed');
    await expect.poll(() => widgetState(phone.page)).toBe('hidden');
    expect(await launcher(phone.page).isVisible()).toBe(false);

    await desk.context.close();
    await phone.context.close();

    // New visitors (the config is cacheable for a minute) get the new filter.
    await configure(env.owner, { devices: ['mobile', 'tablet'] });
    const desk2 = await openTab(env, 'desktop');
    const tablet = await openTab(env, 'tablet');
    await desk2.shop('/filter');
    await tablet.shop('/filter');
    await expect.poll(() => widgetState(tablet.page)).toBe('closed');
    await expect.poll(() => widgetState(desk2.page)).toBe('hidden');
    // An init override beats the project's setting.
    await desk2.shop('/filter-override', { head: "parley('init', { project: 'demo', devices: ['desktop'] });", attrs: '' });
    await expect.poll(() => widgetState(desk2.page)).toBe('closed');
    await desk2.context.close();
    await tablet.context.close();
  });

  it('on a phone: full screen, 16px inputs, page scroll locked while open and given back after', async () => {
    const tab = await openTab(env, 'mobile');
    const { page } = tab;
    await tab.shop('/phone');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.evaluate(() => {
      document.body.style.overflow = 'scroll';
    });
    await openChat(page);
    const box = await panel(page).boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await expect(panel(page).getAttribute('aria-modal')).resolves.toBe('true');
    expect(await composer(page).evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
    // The lock comes with the full-screen chunk (fetched ahead, yet it may still be on its way).
    await expect.poll(() => page.evaluate(() => [document.documentElement.style.overflow, document.body.style.overflow])).toEqual(['hidden', 'hidden']);
    await say(page, 'Пишу с телефона');
    const d = await dialogWith(env.owner, 'Пишу с телефона');
    // Full screen covers the launcher, so it steps aside; the panel's own button closes.
    expect(await launcher(page).isVisible()).toBe(false);
    await panel(page).getByRole('button', { name: 'Close chat' }).click();
    await expect.poll(() => panel(page).isVisible()).toBe(false);
    expect(await page.evaluate(() => [document.documentElement.style.overflow, document.body.style.overflow])).toEqual(['', 'scroll']);
    // The operator reads where the message came from.
    const dev = (await detail(env.owner, d.id)).devices;
    expect(dev.map((x) => x.label)).toEqual(['Mobile Safari 17.6.1']);
    expect(dev[0]?.info.type).toBe('mobile');
    await tab.context.close();
  });

  it('inside an Android app: the WebView and the app version reach the operator', async () => {
    const tab = await openTab(env, 'mobile', { userAgent: USER_AGENTS.androidWebView });
    const { page } = tab;
    await tab.shop('/in-app', { head: "parley('init', { project: 'demo', app: { platform: 'android', version: '3.2.1' } });", attrs: '' });
    await openChat(page);
    await say(page, 'Из приложения');
    const d = await dialogWith(env.owner, 'Из приложения');
    const [dev] = (await detail(env.owner, d.id)).devices;
    expect(dev).toMatchObject({ appLabel: 'Android app 3.2.1', info: { type: 'app', webview: true, app: { platform: 'android', version: '3.2.1' } } });
    expect(dev?.label).toMatch(/^Chrome WebView 127\./);
    await tab.context.close();
  });

  it('follows the visitor’s dark mode, or the theme the project sets', async () => {
    const tab = await openTab(env, 'desktop', { colorScheme: 'dark' });
    const { page } = tab;
    await tab.shop('/dark');
    await openChat(page);
    const bg = () => panel(page).evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(await bg()).toBe('rgb(31, 41, 55)');
    await configure(env.owner, { appearance: { color: '#16a34a', position: 'bottom-left', offsetX: 10, offsetY: 30, zIndex: 1000, theme: 'light' } });
    const light = await openTab(env, 'desktop', { colorScheme: 'dark' });
    await light.shop('/dark');
    await openChat(light.page);
    expect(await panel(light.page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(255, 255, 255)');
    expect(await launcher(light.page).evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(22, 163, 74)');
    const box = await light.page.locator('parley-widget').boundingBox();
    expect([box?.x, (box?.y ?? 0) + (box?.height ?? 0)]).toEqual([10, 800 - 30]);
    await tab.context.close();
    await light.context.close();
  });

  it('on a desktop: a panel beside the launcher, the page untouched', async () => {
    const tab = await openTab(env, 'desktop');
    const { page } = tab;
    await tab.shop('/desk');
    await openChat(page);
    const box = await panel(page).boundingBox();
    expect(box?.width).toBe(370);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBe(1280 - 20);
    await expect(panel(page).getAttribute('aria-modal')).resolves.toBe('false');
    expect(await page.evaluate(() => [document.documentElement.style.overflow, document.body.style.overflow])).toEqual(['', '']);
    await tab.context.close();
  });
});
