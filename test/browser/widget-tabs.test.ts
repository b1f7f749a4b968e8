import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { closeDialog, dialogWith, dialogs, messages, openChat, openTab, reply, say, visitorTexts, useEnv } from './widget-support';

/**
 * Issue 13, bug 1 (and issue 9, finding 4): one anonymous visitor, two tabs, a dialog closed while
 * they were offline. Reproduced exactly as reported, then held: both tabs continue in one new
 * dialog, neither shows the message as failed, both get the reply, and a reload keeps it.
 */
describeBrowser('widget: two tabs of one anonymous visitor across a close', () => {
  const env = useEnv();

  const shows = (page: Page) => messages(page).innerText();
  /** Two tabs of one browser on a shop page, the chat open in both and one dialog started in tab A. */
  async function twoTabsWithDialog(path: string, first: string) {
    const before = new Set((await dialogs(env.owner)).map((d) => d.id));
    const tab = await openTab(env);
    await tab.shop(path);
    const a = tab.page;
    const b = await tab.context.newPage();
    await b.goto(`${env.shop.origin}${path}`);
    await openChat(a);
    await say(a, first);
    const dialog = await dialogWith(env.owner, first);
    await openChat(b);
    await expect.poll(() => shows(b), { timeout: 10_000 }).toContain(first);
    return { context: tab.context, a, b, dialog, before };
  }

  /** Open dialogs not in `before`: what this test's visitor opened. */
  const openedSince = async (before: Set<string>) => (await dialogs(env.owner)).filter((d) => d.status === 'open' && !before.has(d.id)).map((d) => d.id);

  it('two tabs, offline, dialog closed meanwhile: "late" goes to one new dialog, shown as sent in both tabs, and the reply reaches both', async () => {
    const { context, a, b, dialog: first, before } = await twoTabsWithDialog('/two-tabs', 'Первый вопрос');

    // Go offline; write "late" in tab A; the operator closes the dialog; go online.
    await context.setOffline(true);
    await say(a, 'late');
    await expect.poll(() => messages(a).getByText('Waiting for connection').count()).toBe(1);
    await closeDialog(env.owner, first.id);
    await context.setOffline(false);

    // The server puts "late" into one new dialog…
    const next = await dialogWith(env.owner, 'late');
    expect(next.id).not.toBe(first.id);
    await expect.poll(() => openedSince(before)).toEqual([next.id]);
    expect(await visitorTexts(env.owner, next.id)).toEqual(['late']);
    // …and neither tab shows it as failed.
    for (const page of [a, b]) {
      await expect.poll(() => shows(page), { timeout: 10_000 }).toContain('late');
      await expect.poll(() => messages(page).getByText('Not sent').count()).toBe(0);
      expect(await shows(page)).not.toContain('This was changed by someone else');
    }
    // Both tabs receive the operator's reply.
    await reply(env.owner, next.id, 'Ответ в новом диалоге');
    for (const page of [a, b]) await expect.poll(() => shows(page), { timeout: 10_000 }).toContain('Ответ в новом диалоге');

    // Reloads (several, so a stale token written last by either tab would show) keep the new conversation.
    for (let i = 0; i < 3; i++) {
      for (const page of [b, a]) {
        await page.reload();
        await openChat(page);
        await expect.poll(() => shows(page), { timeout: 10_000 }).toContain('Ответ в новом диалоге');
        expect(await shows(page)).toContain('late');
      }
    }
    expect(await openedSince(before)).toEqual([next.id]);
    await context.close();
  });

  it('online: tab 1 writes after the close, tab 2 writes two seconds later: one visitor, one dialog', async () => {
    const { context, a, b, dialog: first, before } = await twoTabsWithDialog('/two-tabs-online', 'Вопрос до закрытия');
    await closeDialog(env.owner, first.id);
    await say(a, 'из первой вкладки');
    const next = await dialogWith(env.owner, 'из первой вкладки');
    await expect.poll(() => shows(b), { timeout: 10_000 }).toContain('из первой вкладки');
    await b.waitForTimeout(2000);
    await say(b, 'из второй вкладки');
    await expect.poll(() => visitorTexts(env.owner, next.id), { timeout: 10_000 }).toEqual(['из первой вкладки', 'из второй вкладки']);
    expect(await openedSince(before)).toEqual([next.id]);
    await expect.poll(() => shows(a), { timeout: 10_000 }).toContain('из второй вкладки');
    await context.close();
  });
});
