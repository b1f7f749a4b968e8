import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { expectClean, listItem, openConsole } from './console-support';
import { dialogWith, isEmbedFile, openChat, openTab, say, timeline, useEnv } from './widget-support';

type Win = Window & { parley(...a: unknown[]): unknown };

describeBrowser("widget: developer events (parley('event', name, props))", () => {
  const env = useEnv();

  it('reach the visitor timeline: from an earlier page before any interaction, and live while chatting; operators see them', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Page one: the site records an event and the visitor leaves without touching the page (no chat connects).
    await tab.shop('/pricing', { head: "parley('event', 'viewed_pricing', { plan: 'pro', seats: 5 });" });
    await expect
      .poll(() =>
        page.evaluate(() => typeof (window as unknown as Win).parley === 'function' && '__parley' in (window as unknown as { parley: object }).parley),
      )
      .toBe(true);
    expect(tab.requests.some((u) => isEmbedFile(u, 'chat'))).toBe(false);
    // A bad call is a console warning, never an exception.
    await page.evaluate(() => (window as unknown as Win).parley('event', '', { x: 1 }));

    await tab.shop('/checkout');
    await openChat(page);
    await say(page, 'Which plan fits a team of five?');
    const d = await dialogWith(env.owner, 'Which plan fits a team of five?');
    await page.evaluate(() => (window as unknown as Win).parley('event', 'checkout_started', { amount: 49, coupon: null }));
    await expect.poll(async () => (await timeline(env.owner, d.id)).visitorEvents.map((e) => e.name)).toEqual(['viewed_pricing', 'checkout_started']);
    const [viewed] = (await timeline(env.owner, d.id)).visitorEvents;
    expect(viewed?.props).toEqual({ plan: 'pro', seats: 5 });
    expect(tab.problems.pageErrors).toEqual([]);

    // The operator's console shows both in the conversation, and a new one live.
    const op = await openConsole(env.browser, env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
    await op.page.getByRole('link', { name: /^New/ }).click();
    await listItem(op.page, d.id).click();
    const log = op.page.locator(`section.pane[data-dialog-id="${d.id}"]`).getByRole('log');
    await log.getByText('Event: viewed_pricing').waitFor();
    expect(await log.locator('[data-visitor-event="viewed_pricing"] .event-props').innerText()).toBe('plan: pro · seats: 5');
    await log.getByText('Event: checkout_started').waitFor();
    // In reading order: the earlier page's event before the message, the checkout after it.
    const order = await log.locator('.event-visitor, article.msg').evaluateAll((els) => els.map((e) => e.getAttribute('data-visitor-event') ?? 'message'));
    expect(order).toEqual(['viewed_pricing', 'message', 'checkout_started']);
    await page.evaluate(() => (window as unknown as Win).parley('event', 'invoice_paid'));
    await log.getByText('Event: invoice_paid').waitFor();
    expectClean(op);
    await op.context.close();
    await tab.context.close();
  });
});
