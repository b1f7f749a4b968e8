import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { configure, embedFile, openTab, widgetState, useEnv } from './widget-support';

/**
 * One round trip to the launcher: after widget.js, the loader and the config travel in parallel,
 * and the launcher shows with nothing else fetched. Counts and order, never times.
 */

// Records, at the first frame the launcher is on screen, every resource the page has requested.
const RECORD_AT_PAINT = `(() => {
  const check = () => {
    const button = document.querySelector('.parley-holder')?.shadowRoot?.querySelector('button');
    if (button && button.getBoundingClientRect().width > 0) {
      window.__atPaint = performance.getEntriesByType('resource').map((e) => e.name);
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();`;

const atPaint = async (page: Page): Promise<string[]> => {
  await expect.poll(() => page.evaluate(() => Array.isArray((window as { __atPaint?: unknown }).__atPaint)), { timeout: 15_000 }).toBe(true);
  return page.evaluate(() => (window as unknown as { __atPaint: string[] }).__atPaint);
};

const kind = (url: string): string => {
  const path = new URL(url).pathname;
  if (path === '/widget.js') return 'widget.js';
  const chunk = embedFile(url);
  if (chunk) return chunk;
  if (/\/widget\/projects\/demo\/config$/.test(path)) return 'config';
  return path;
};

describeBrowser('widget: requests before the launcher shows', () => {
  const env = useEnv();

  it("three requests: widget.js, then the loader and the config in parallel (the config is not the loader's)", async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Hold the loader until the config request has gone out: were the config requested by the
    // loader (three requests in a row), it could never go out and the launcher would never show.
    let configSeen!: () => void;
    const configRequested = new Promise<void>((resolve) => (configSeen = resolve));
    page.on('request', (r) => {
      if (kind(r.url()) === 'config') configSeen();
    });
    await page.route(/\/widget\/[0-9a-f]{10}\/loader\.js$/, async (route) => {
      await configRequested;
      await route.continue();
    });
    await page.addInitScript(RECORD_AT_PAINT);
    await tab.shop('/');
    const before = (await atPaint(page)).filter((u) => u.startsWith(env.srv.url)).map(kind);
    expect(before.sort()).toEqual(['config', 'loader', 'widget.js']);
    await expect.poll(() => widgetState(page)).toBe('closed');
    // Nothing else from the chat server until the visitor interacts (no chat chunk, no socket).
    expect(
      tab.requests
        .filter((u) => u.startsWith(env.srv.url))
        .map(kind)
        .sort(),
    ).toEqual(['config', 'loader', 'widget.js']);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('a project with a page filter adds one request, the page rules, before the launcher shows', async () => {
    await configure(env.owner, { pageFilter: { enabled: true, rules: '/catalog/*' } });
    const tab = await openTab(env);
    const { page } = tab;
    await page.addInitScript(RECORD_AT_PAINT);
    const ready = { head: "parley('on', 'ready', (e) => { window.__ready = e; });" };
    const readyEvent = () => page.evaluate(() => (window as { __ready?: { visible: boolean } }).__ready ?? null);
    await tab.shop('/catalog/windows', ready);
    // ready waits for the rules: it reports what the visitor sees.
    await expect.poll(readyEvent).toMatchObject({ visible: true });
    const before = (await atPaint(page)).filter((u) => u.startsWith(env.srv.url)).map(kind);
    expect(before.sort()).toEqual(['config', 'loader', 'page-rules', 'widget.js']);
    // Excluded pages load the rules and stay without a launcher.
    await tab.shop('/about', ready);
    await expect.poll(readyEvent).toMatchObject({ visible: false });
    expect(await widgetState(page)).toBe('hidden');
    expect(await page.evaluate(() => (window as { __atPaint?: unknown }).__atPaint)).toBeUndefined();
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });
});
