import { expect, it } from 'vitest';
import { OperatorRoutes } from '@parley/protocol';
import { describeBrowser } from '../browser-helper';
import { closeDialog, composer, dialogWith, messages, openChat, openTab, panel, reply, say, type Env, type Tab, useEnv } from './widget-support';

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

  it('starts a new request with a subject and continues an older, resolved one from My requests: its number, history and status come back', async () => {
    const tab = await openTab(env, 'desktop');
    await signIn(tab, env, 'demo-boris');
    await openChat(tab.page);
    const p = panel(tab.page);
    await say(tab.page, 'My order arrived broken');
    const older = await dialogWith(env.owner, 'My order arrived broken');
    await reply(env.owner, older.id, 'Sorry! Send us a photo, please.');
    await closeDialog(env.owner, older.id);
    const header = p.locator('.rq');
    await expect.poll(() => header.innerText(), { timeout: 10_000 }).toBe(`Request #${older.number} · Resolved`);

    // A new request from My requests, with a subject.
    await p.getByRole('button', { name: 'My requests' }).click();
    await p.getByRole('button', { name: 'New request' }).click();
    await p.getByRole('textbox', { name: 'Subject (optional)' }).fill('Refund');
    await say(tab.page, 'I would like my money back');
    const newer = await dialogWith(env.owner, 'I would like my money back');
    expect(newer.id).not.toBe(older.id);
    expect(newer.subject).toBe('Refund');
    await expect.poll(() => header.innerText(), { timeout: 10_000 }).toBe(`Request #${newer.number} · Received`);
    await expect.poll(() => messages(tab.page).innerText()).not.toContain('My order arrived broken');

    // Both in My requests, by subject; the older one opens and is continued.
    await p.getByRole('button', { name: 'My requests' }).click();
    const rowNew = p.locator(`.rqi[data-id="${newer.id}"]`);
    const rowOld = p.locator(`.rqi[data-id="${older.id}"]`);
    await expect.poll(() => rowNew.innerText(), { timeout: 10_000 }).toContain('Refund');
    expect(await rowOld.innerText()).toContain('My order arrived broken');
    expect(await rowOld.getAttribute('data-status')).toBe('resolved');
    await rowOld.click();
    await p.locator('.rqv').getByRole('button', { name: 'Continue' }).click();

    // The chat shows the older request again: its number, its history, and its status moved back
    // (an operator had replied: in progress).
    await expect.poll(() => header.innerText(), { timeout: 10_000 }).toBe(`Request #${older.number} · In progress`);
    await expect.poll(() => messages(tab.page).innerText(), { timeout: 10_000 }).toContain('Sorry! Send us a photo, please.');
    expect(await messages(tab.page).innerText()).toContain('My order arrived broken');
    await say(tab.page, 'Here is the photo');
    await expect
      .poll(async () => (await env.owner.get(OperatorRoutes.dialog(older.id))).body.dialog.lastMessage?.text, { timeout: 10_000 })
      .toBe('Here is the photo');
    expect((await env.owner.get(OperatorRoutes.dialog(older.id))).body.dialog).toMatchObject({ status: 'open', request: 'in_progress' });
    // The newer one is still there, untouched.
    expect((await env.owner.get(OperatorRoutes.dialog(newer.id))).body.dialog).toMatchObject({ status: 'open', request: 'new' });
    expect(await composer(tab.page).isVisible()).toBe(true);

    expect(tab.problems.pageErrors).toEqual([]);
    expect(tab.problems.cspViolations).toEqual([]);
    await tab.context.close();
  });
});
