import { expect, it } from 'vitest';
import { OperatorRoutes } from '@parley/protocol';
import { describeBrowser } from '../browser-helper';
import { closeDialog, dialogWith, openChat, openTab, panel, reply, say, type Env, type Tab, useEnv } from './widget-support';

async function signIn(tab: Tab, env: Env, userId: string): Promise<void> {
  await tab.page.goto(`${env.srv.url}/signed-in.html`);
  await tab.page.getByRole('combobox', { name: 'Sample user' }).selectOption(userId);
  await tab.page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => tab.page.locator('#who').innerText(), { timeout: 15_000 }).toBe(`Signed in as ${userId}.`);
}

describeBrowser('widget: requests with a number and a live status, "My requests" on another device', () => {
  const env = useEnv();

  it('a signed-in visitor on a second device sees My requests with statuses that change live, reads and rates one', async () => {
    const desk = await openTab(env, 'desktop');
    const phone = await openTab(env, 'mobile');
    await signIn(desk, env, 'demo-alice');
    await openChat(desk.page);
    await say(desk.page, 'The printer does not print');
    const d = await dialogWith(env.owner, 'The printer does not print');
    expect(d.number).toEqual(expect.any(Number));
    const label = `#${d.number}`;
    const header = panel(desk.page).locator('.rq');
    await expect.poll(() => header.innerText(), { timeout: 10_000 }).toBe(`Request ${label} · Received`);

    // The operator answers: in progress, on the visitor's screen without a reload.
    await reply(env.owner, d.id, 'Which model is it?');
    await expect.poll(() => header.innerText(), { timeout: 10_000 }).toBe(`Request ${label} · In progress`);

    // The same visitor on their phone opens My requests.
    await signIn(phone, env, 'demo-alice');
    await openChat(phone.page);
    await panel(phone.page).getByRole('button', { name: 'My requests' }).click();
    const row = panel(phone.page).locator(`.rqi[data-id="${d.id}"]`);
    await expect.poll(() => row.innerText(), { timeout: 10_000 }).toContain(label);
    expect(await row.innerText()).toContain('The printer does not print');
    expect(await row.getAttribute('data-status')).toBe('in_progress');
    expect(await row.innerText()).toContain('In progress');

    // "Waiting for the client", then resolved: both screens follow live.
    const w = await env.owner.post(OperatorRoutes.waiting(d.id), { waiting: true });
    expect(w.status).toBe(200);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('waiting');
    expect(await row.innerText()).toContain('Waiting for your reply');
    await expect.poll(() => header.innerText()).toBe(`Request ${label} · Waiting for your reply`);
    await closeDialog(env.owner, d.id);
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 10_000 }).toBe('resolved');
    await expect.poll(() => header.innerText()).toBe(`Request ${label} · Resolved`);

    // Filters: by status.
    const status = panel(phone.page).getByRole('combobox', { name: 'My requests' });
    await status.selectOption('new');
    await expect.poll(() => panel(phone.page).innerText()).toContain('No requests yet');
    await status.selectOption('resolved');
    await expect.poll(() => row.isVisible()).toBe(true);

    // Read it and rate it from the list.
    await row.click();
    const view = panel(phone.page).locator('.rqv');
    await expect.poll(() => view.innerText(), { timeout: 10_000 }).toContain('Which model is it?');
    expect(await view.innerText()).toContain('The printer does not print');
    await view.getByRole('button', { name: '5 out of 5' }).click();
    await expect.poll(async () => (await env.owner.get(OperatorRoutes.dialog(d.id))).body.dialog.rating, { timeout: 10_000 }).toEqual({ score: 5 });

    expect(desk.problems.pageErrors).toEqual([]);
    expect(phone.problems.pageErrors).toEqual([]);
    expect(phone.problems.cspViolations).toEqual([]);
    await desk.context.close();
    await phone.context.close();
  });
});
