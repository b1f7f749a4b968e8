import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { closedNow, configure, detail, dialogWith, launcher, leads, online, openChat, openTab, panel, say, widgetState, useEnv } from './widget-support';

describeBrowser('widget: where and when it shows', () => {
  const env = useEnv();

  it('the project page filter: included pages show it, "!" excludes, others do not', async () => {
    await configure(env.owner, { pageFilter: { enabled: true, rules: '/catalog/*\n!/catalog/secret' } });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/catalog/windows');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await tab.shop('/catalog/secret');
    await expect.poll(() => widgetState(page)).toBe('hidden');
    await tab.shop('/about');
    await expect.poll(() => widgetState(page)).toBe('hidden');
    expect(await launcher(page).isVisible()).toBe(false);
    await tab.context.close();
  });

  it('a single-page app: the filter follows pushState routes live, without polling', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${env.srv.url}/spa.html?page=pricing`);
    await expect.poll(() => widgetState(page)).toBe('closed');
    await openChat(page);
    await say(page, 'Вопрос со страницы цен');
    const d = await dialogWith(env.owner, 'Вопрос со страницы цен');
    await panel(page).getByRole('button', { name: 'Close chat' }).click();

    await page.getByRole('link', { name: 'Checkout' }).click();
    await expect.poll(() => page.url()).toContain('?page=checkout');
    await expect.poll(() => widgetState(page)).toBe('hidden');
    await page.getByRole('link', { name: 'Blog' }).click();
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.goBack();
    await expect.poll(() => widgetState(page)).toBe('hidden');
    await page.goForward();
    await expect.poll(() => widgetState(page)).toBe('closed');
    // The operator follows the visitor's routes.
    await expect
      .poll(async () => (await detail(env.owner, d.id)).pages.map((p) => new URL(p.url).search))
      .toEqual(expect.arrayContaining(['?page=checkout', '?page=blog']));
    // Routes are seen through events: an idle page schedules nothing (the socket's keep-alive ping is every 25 s).
    const timers = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          let n = 0;
          const orig = window.setInterval;
          const origT = window.setTimeout;
          window.setInterval = ((...a: Parameters<typeof setInterval>) => (n++, orig(...a))) as typeof setInterval;
          window.setTimeout = ((...a: Parameters<typeof setTimeout>) => (n++, origT(...a))) as typeof setTimeout;
          origT(() => resolve(n), 3000);
        }),
    );
    expect(timers).toBe(0);
    await tab.context.close();
  });

  it('outside working hours: the offline form, validated, and the server has the submission', async () => {
    await configure(env.owner, { schedule: closedNow() });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/contacts');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await openChat(page);
    const form = panel(page);
    await expect.poll(() => form.getByRole('heading', { name: 'Leave us a message' }).isVisible()).toBe(true);
    await form.getByRole('textbox', { name: 'Name (optional)' }).fill('Мария');
    await form.getByRole('textbox', { name: 'Email (optional)' }).fill('not-an-email');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.innerText()).toContain('Please check the email address.');
    await expect.poll(() => form.innerText()).toContain('Please fill in this field.');
    await form.getByRole('textbox', { name: 'Email (optional)' }).fill('maria@example.com');
    await form.getByRole('textbox', { name: 'Message' }).fill('Перезвоните завтра');
    await form.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => form.innerText(), { timeout: 10_000 }).toContain('Thank you! We will get back to you soon.');
    const all = await leads(env.owner);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ kind: 'offline_form', name: 'Мария', email: 'maria@example.com', message: 'Перезвоните завтра', phone: null });
    expect(all[0]?.page).toBe(`${env.shop.origin}/contacts`);

    // With the form switched off, the chat hides outside working hours.
    await configure(env.owner, {
      schedule: closedNow(),
      offlineForm: { enabled: false, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: false },
    });
    const later = await openTab(env);
    await later.shop('/contacts');
    await expect.poll(() => widgetState(later.page)).toBe('hidden');
    await tab.context.close();
    await later.context.close();
  });

  it('in working hours with nobody online: the form shows, and the chat returns live when an operator does', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/nobody');
    await openChat(page);
    await expect.poll(() => panel(page).getByRole('textbox', { name: 'Write a message…' }).isVisible()).toBe(true);
    const changes: boolean[] = [];
    await page.exposeFunction('onlineChange', (on: boolean) => changes.push(on));
    await page.evaluate(() =>
      (window as unknown as { parley: (...a: unknown[]) => void }).parley('on', 'online-change', (p: { online: boolean }) =>
        (window as unknown as { onlineChange: (b: boolean) => void }).onlineChange(p.online),
      ),
    );
    await online(env.owner, false);
    try {
      await expect.poll(() => panel(page).getByRole('heading', { name: 'Leave us a message' }).isVisible(), { timeout: 10_000 }).toBe(true);
    } finally {
      await online(env.owner, true);
    }
    await expect.poll(() => panel(page).getByRole('textbox', { name: 'Write a message…' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(changes).toEqual([false, true]);
    await tab.context.close();
  });
});
