import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { composer, configure, dialogWith, online, openChat, openTab, panel, say, useEnv, widgetState } from './widget-support';

/**
 * Issue 13: the config parts only lazily loaded code reads (greetings, the offline and pre-chat
 * forms' settings, the attachment limits) are checked by that code, not by the chat chunk. A bad
 * one (the server never sends one: the test rewrites the config response) is reported in the
 * console and that feature alone is left out; the chat still opens and works (a bad form part:
 * the plain chat, as if that form were off).
 */
const CONFIG = /\/widget\/projects\/[^/]+\/config(?:\?|$)/;

type Body = Record<string, Record<string, unknown>>;

/** Serves the project's config as `change` rewrites it. */
async function rewrite(page: Page, change: (body: Body) => void): Promise<void> {
  await page.route(CONFIG, async (route) => {
    const res = await route.fetch();
    const body = (await res.json()) as Body;
    change(body);
    await route.fulfill({ response: res, json: body });
  });
}

/** Serves the project's config with bad greetings and a bad offline form. */
const badParts = (page: Page) =>
  rewrite(page, (body) => {
    body.greetings = [{ id: 'bad', enabled: true, trigger: 'time', delaySeconds: -1, pages: '', everyHours: 24, text: { en: 'A bad greeting' } }] as never;
    body.offlineForm = { ...body.offlineForm, fields: { name: 'maybe', phone: 'optional', email: 'optional', message: 'required' } };
  });

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAASUVORK5CYII=', 'base64').toString('base64');

/** An image dragged onto the message list and dropped, as the browser fires it. */
async function dropFile(page: Page, name: string): Promise<void> {
  await page.evaluate(
    ([name, png]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      const target = document.querySelector('parley-widget')?.shadowRoot?.querySelector('[role=log]') as HTMLElement;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
    },
    [name, PNG] as const,
  );
}

describeBrowser('widget: config parts checked where they are read', () => {
  const env = useEnv();

  it('bad greetings are reported and none shows; the chat still opens and works', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const said: string[] = [];
    page.on('console', (m) => said.push(m.text()));
    await badParts(page);
    await tab.shop('/bad-greetings');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await expect.poll(() => said.some((t) => t.includes('config failed validation at greetings.0.delaySeconds'))).toBe(true);
    await page.waitForTimeout(1000);
    expect(await page.locator('parley-widget .gr').count()).toBe(0);
    await openChat(page);
    await say(page, 'Hello despite bad parts');
    await dialogWith(env.owner, 'Hello despite bad parts');
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('a bad offline form is reported and not shown; the visitor gets the plain chat, as if the form were off', async () => {
    await online(env.owner, false);
    try {
      const tab = await openTab(env);
      const { page } = tab;
      const said: string[] = [];
      page.on('console', (m) => said.push(m.text()));
      await badParts(page);
      await tab.shop('/bad-offline-form');
      await expect.poll(() => widgetState(page)).toBe('closed');
      await openChat(page);
      await expect.poll(() => said.some((t) => t.includes('config failed validation at offlineForm.fields.name'))).toBe(true);
      expect(said.filter((t) => t.includes('config failed validation at offlineForm')).length).toBe(1);
      await composer(page).waitFor({ timeout: 10_000 });
      expect(await panel(page).locator('form.fm').count()).toBe(0);
      // Files dropped on it are taken, as in any chat.
      await dropFile(page, 'photo.png');
      await expect.poll(() => panel(page).locator('.ch li').allInnerTexts(), { timeout: 10_000 }).toEqual([expect.stringContaining('photo.png')]);
      await say(page, 'Hello while nobody is online');
      await dialogWith(env.owner, 'Hello while nobody is online');
      expect(said.filter((t) => t.includes('config failed validation at offlineForm')).length).toBe(1);
      expect(tab.problems.pageErrors).toEqual([]);
      await tab.context.close();
    } finally {
      await online(env.owner, true);
    }
  });

  it('a bad pre-chat form is reported and not shown; the chat opens with its composer', async () => {
    // The server asks this visitor for the form (needsPreChat); the config the widget gets has a bad one.
    await configure(env.owner, { preChat: { enabled: true, fields: { name: 'required', email: 'optional', phone: 'off' }, consent: 'off', privacyUrl: '' } });
    const tab = await openTab(env);
    const { page } = tab;
    const said: string[] = [];
    page.on('console', (m) => said.push(m.text()));
    await rewrite(page, (body) => {
      body.preChat = { ...body.preChat, fields: { name: 'maybe', email: 'optional', phone: 'off' } };
    });
    await tab.shop('/bad-prechat');
    await openChat(page);
    await expect.poll(() => said.some((t) => t.includes('config failed validation at preChat.fields.name'))).toBe(true);
    await composer(page).waitFor({ timeout: 10_000 });
    expect(await panel(page).locator('form.fm').count()).toBe(0);
    expect(said.filter((t) => t.includes('config failed validation at preChat')).length).toBe(1);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });
});
