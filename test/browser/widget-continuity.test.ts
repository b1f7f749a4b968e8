import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import {
  closeDialog,
  detail,
  dialogWith,
  dialogs,
  messages,
  openChat,
  openTab,
  panel,
  reply,
  say,
  timeline,
  type Env,
  type Tab,
  useEnv,
} from './widget-support';

async function signIn(tab: Tab, env: Env, userId: string): Promise<void> {
  await tab.page.goto(`${env.srv.url}/signed-in.html`);
  await tab.page.getByRole('combobox', { name: 'Sample user' }).selectOption(userId);
  await tab.page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => tab.page.locator('#who').innerText(), { timeout: 15_000 }).toBe(`Signed in as ${userId}.`);
}

describeBrowser('widget: one conversation across devices, a fresh one for anonymous visitors', () => {
  const env = useEnv();

  it('the same signed-in visitor in two browsers sees one dialog; the operator sees both devices', async () => {
    const desk = await openTab(env, 'desktop');
    const phone = await openTab(env, 'mobile');
    await signIn(desk, env, 'demo-alice');
    await openChat(desk.page);
    await say(desk.page, 'Первое, с компьютера');
    const d = await dialogWith(env.owner, 'Первое, с компьютера');

    await signIn(phone, env, 'demo-alice');
    await openChat(phone.page);
    // The conversation continues on the phone, history included.
    await expect.poll(() => messages(phone.page).innerText(), { timeout: 10_000 }).toContain('Первое, с компьютера');
    await say(phone.page, 'Второе, с телефона');
    await expect.poll(async () => (await dialogWith(env.owner, 'Второе, с телефона')).id).toBe(d.id);
    // …and live back on the computer.
    await expect.poll(() => messages(desk.page).innerText(), { timeout: 10_000 }).toContain('Второе, с телефона');
    await reply(env.owner, d.id, 'Отвечаю обоим');
    await expect.poll(() => messages(desk.page).innerText()).toContain('Отвечаю обоим');
    await expect.poll(() => messages(phone.page).innerText()).toContain('Отвечаю обоим');

    expect((await dialogs(env.owner)).filter((x) => x.visitor.userId === 'demo-alice')).toHaveLength(1);
    const info = await detail(env.owner, d.id);
    expect(info.visitor).toMatchObject({ kind: 'verified', userId: 'demo-alice', name: 'Alice (demo)' });
    const labels = Object.fromEntries(info.devices.map((x) => [x.id, x.label]));
    expect(Object.values(labels).sort()).toEqual([expect.stringMatching(/^Chrome 127\./), 'Mobile Safari 17.6.1']);
    // Per message: where it was written.
    const byText = Object.fromEntries((await timeline(env.owner, d.id)).messages.filter((m) => m.deviceId).map((m) => [m.text, labels[m.deviceId ?? '']]));
    expect(byText['Первое, с компьютера']).toMatch(/^Chrome 127\./);
    expect(byText['Второе, с телефона']).toBe('Mobile Safari 17.6.1');

    // Signing out forgets the conversation on this device.
    await panel(phone.page).getByRole('button', { name: 'Close chat' }).click();
    await phone.page.getByRole('button', { name: 'Sign out' }).click();
    await openChat(phone.page);
    await expect.poll(() => messages(phone.page).innerText(), { timeout: 10_000 }).not.toContain('Первое, с компьютера');
    const stored = await phone.page.evaluate(
      () =>
        new Promise<string[]>((res) => {
          const req = indexedDB.open('parley');
          req.onsuccess = () => {
            const all = req.result.transaction('kv').objectStore('kv').getAllKeys();
            all.onsuccess = () => res((all.result as string[]).filter((k) => k.includes('u:demo-alice')));
          };
        }),
    );
    expect(stored).toEqual([]);
    await desk.context.close();
    await phone.context.close();
  });

  it('an anonymous visitor: a closed dialog is rated, and the next contact starts a new dialog', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/anonymous');
    await openChat(page);
    await say(page, 'Первый вопрос');
    const first = await dialogWith(env.owner, 'Первый вопрос');
    await reply(env.owner, first.id, 'Ответ на первый');
    await closeDialog(env.owner, first.id);

    // Closed: the visitor may rate it.
    await expect.poll(() => panel(page).getByText('How was the conversation?').isVisible(), { timeout: 10_000 }).toBe(true);
    await panel(page).getByText('4 out of 5').click({ force: true });
    await panel(page).getByRole('textbox', { name: 'Comment (optional)' }).fill('Быстро ответили');
    await panel(page).getByRole('button', { name: 'Send rating' }).click();
    await expect.poll(() => panel(page).getByText('Thank you for your feedback!').isVisible()).toBe(true);
    await expect.poll(async () => (await detail(env.owner, first.id)).dialog.rating).toEqual({ score: 4, comment: 'Быстро ответили' });

    await say(page, 'Второй вопрос');
    const second = await dialogWith(env.owner, 'Второй вопрос');
    expect(second.id).not.toBe(first.id);
    expect((await detail(env.owner, first.id)).dialog.status).toBe('closed');
    // Nothing links the two: the new dialog has no history of the old one, here or for the operator.
    expect((await detail(env.owner, second.id)).previousDialogs).toEqual([]);
    await expect.poll(() => messages(page).innerText()).not.toContain('Первый вопрос');
    await page.reload();
    await openChat(page);
    await expect.poll(() => messages(page).innerText()).toContain('Второй вопрос');
    expect(await messages(page).innerText()).not.toContain('Первый вопрос');
    await tab.context.close();
  });
});
