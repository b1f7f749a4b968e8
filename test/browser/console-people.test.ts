/**
 * Issue 14's features: operators know who they talk to (generated names with the city, local
 * time, editable card, block), search on every list, groups with routing and automatic
 * assignment, per-operator opt-in for new chats, the first sign-in banner, avatar at creation.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  createOperator,
  loginOperator,
  openVisitorSocket,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { png } from '../../packages/server/test/fixtures';
import { expectClean, listItem, openConsole, IPHONE, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let admin: ConsoleSession;

/** A visitor from Lyon (90.66.0.1 in DB-IP's city database), through a trusted proxy header. */
const LYON = { headers: { 'x-forwarded-for': '90.66.0.1' } };
const pane = (s: ConsoleSession, id: string) => s.page.locator(`section.pane[data-dialog-id="${id}"]`);

describeBrowser('console: who operators talk to, and teams (issue 14)', () => {
  beforeAll(async () => {
    srv = await startServer({ env: { PARLEY_TRUST_PROXY: '1' } });
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    admin = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('names visitors ("… from Lyon", stable), shows where they are and their local time; the card is editable; blocking refuses their messages', async () => {
    const v = await openVisitorSocket(srv.url, { device: IPHONE }, LYON);
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Bonjour, where is my order?')).dialogId as string;
    await admin.page.getByRole('link', { name: /^All/ }).click();
    const item = listItem(admin.page, dialogId);
    await item.waitFor();
    const name = (await item.locator('.dialog-item-name').textContent()) ?? '';
    expect(name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+ from Lyon$/);
    expect(name).not.toMatch(/Visitor #/);
    // Stable: the same visitor, the same name after a reload.
    await admin.page.reload();
    await listItem(admin.page, dialogId).waitFor();
    expect(await listItem(admin.page, dialogId).locator('.dialog-item-name').textContent()).toBe(name);

    await listItem(admin.page, dialogId).click();
    const p = pane(admin, dialogId);
    await p.locator('h2', { hasText: name }).waitFor();
    const info = p.locator('aside.info');
    await info.waitFor();
    expect(await info.textContent()).toContain('Lyon, France');
    expect(await info.textContent()).toContain('Europe/Paris');
    expect(await info.getByRole('link', { name: 'IP Geolocation by DB-IP' }).getAttribute('href')).toBe('https://db-ip.com');

    // Edit the card: name, email, phone and a note only operators see.
    await info.getByRole('button', { name: 'Edit' }).click();
    await info.getByRole('textbox', { name: 'Name' }).fill('Camille Durand');
    await info.getByRole('textbox', { name: 'Email' }).fill('camille@example.fr');
    await info.getByRole('textbox', { name: 'Phone' }).fill('+33 4 72 00 00 00');
    await info.getByRole('textbox', { name: 'Note' }).fill('Prefers French');
    await info.getByRole('button', { name: 'Save' }).click();
    await p.locator('h2', { hasText: 'Camille Durand' }).waitFor();
    await expect.poll(() => listItem(admin.page, dialogId).locator('.dialog-item-name').textContent()).toBe('Camille Durand');
    expect(await info.textContent()).toContain('Prefers French');
    expect(JSON.stringify(v.frames)).not.toContain('Prefers French');

    // Block: the visitor's next message is refused with a neutral text; unblock from the list.
    await info.getByRole('button', { name: 'Block visitor' }).click();
    await info.getByRole('group', { name: 'Block visitor' }).getByRole('button', { name: 'Block visitor' }).click();
    await p.locator('.badge.blocked').first().waitFor();
    const refused = await sendMessage(v, 'let me in');
    expect(refused.type).toBe('session.error');
    expect(refused.code).toBe('visitor_blocked');
    expect(refused.message).toBe('Your message could not be delivered.');
    await admin.page.goto(`${srv.url}/console#/settings/blocked`);
    const row = admin.page.locator('tr', { hasText: 'Camille Durand' });
    await row.getByRole('button', { name: 'Unblock' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await sendMessage(v, 'thanks')).type).toBe('message.ack');
    expectClean(admin);
    await v.close();
  });

  it('searches All, Mine and Resolved by text, name, email, phone and tag', async () => {
    const a = await openVisitorSocket(srv.url, { device: IPHONE });
    await a.welcome;
    const first = (await sendMessage(a, 'My fridge is broken')).dialogId as string;
    await owner.patch(`/api/v1/operator/dialogs/${first}/visitor`, { name: 'Zoé Martin', email: 'zoe@example.org', phone: '+33 611 22 33 44' });
    await owner.put(`/api/v1/operator/dialogs/${first}/tags`, { tags: ['warranty'] });
    const b = await openVisitorSocket(srv.url, { device: IPHONE });
    await b.welcome;
    const second = (await sendMessage(b, 'Question about invoices')).dialogId as string;

    const page = admin.page;
    await page.goto(`${srv.url}/console#/inbox/all`);
    await listItem(page, second).waitFor();
    const search = page.getByRole('searchbox');
    await search.fill('fridge');
    await expect.poll(() => listItem(page, second).count()).toBe(0);
    await listItem(page, first).waitFor();
    await search.fill('');
    await listItem(page, second).waitFor();
    await page.getByRole('button', { name: 'Filters' }).click();
    for (const [label, value] of [
      ['Visitor name', 'zoé'],
      ['Email', 'zoe@'],
      ['Phone', '611 22'],
    ] as const) {
      const box = page.getByRole('textbox', { name: label, exact: true });
      await box.fill(value);
      await box.press('Tab');
      await expect.poll(() => listItem(page, second).count()).toBe(0);
      await listItem(page, first).waitFor();
      await box.fill('');
      await box.press('Tab');
      await listItem(page, second).waitFor();
    }
    const tag = page.getByRole('combobox', { name: 'Tag' });
    await tag.fill('warranty');
    await tag.press('Tab');
    await expect.poll(() => listItem(page, second).count()).toBe(0);
    await listItem(page, first).waitFor();

    // Mine: the same filters, on the owner's own chats.
    await owner.post(`/api/v1/operator/dialogs/${first}/take`, {});
    await page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(page, first).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('searchbox').fill('invoices');
    await expect.poll(() => listItem(page, first).count()).toBe(0);
    // Resolved: closed ones, by text.
    await owner.post(`/api/v1/operator/dialogs/${second}/close`, { status: 'spam' });
    await page.getByRole('link', { name: /^Resolved/ }).click();
    await listItem(page, second).waitFor();
    await page.getByRole('searchbox').fill('');
    await page
      .getByRole('button', { name: 'Filters' })
      .click()
      .catch(() => undefined);
    const closeStatus = page.getByRole('combobox', { name: 'Closed as' });
    await closeStatus.selectOption('resolved');
    await expect.poll(() => listItem(page, second).count()).toBe(0);
    await closeStatus.selectOption('spam');
    await listItem(page, second).waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await a.close();
    await b.close();
  });

  it('groups route new chats; automatic assignment (off by default) takes turns among online members within their limit', async () => {
    const ivan = await createOperator(owner, { email: 'ivan@example.com', name: 'Ivan', password: 'ivan-password-1' });
    const olga = await createOperator(owner, { email: 'olga@example.com', name: 'Olga', password: 'olga-password-1' });
    const g = await owner.post('/api/v1/operator/groups', { name: 'Support', operatorIds: [ivan.id, olga.id] });
    expect(g.status).toBe(201);
    await owner.patch('/api/v1/operator/project', {
      settings: { routing: [{ groupId: g.body.group.id, channels: ['web'], pages: { enabled: false, rules: '' } }] },
    });
    // Off by default: a new chat is routed to the group but stays unassigned.
    const v1 = await openVisitorSocket(srv.url, { device: IPHONE });
    await v1.welcome;
    const d1 = (await sendMessage(v1, 'first')).dialogId as string;
    await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${d1}`)).body.dialog.groupId).toBe(g.body.group.id);
    expect((await owner.get(`/api/v1/operator/dialogs/${d1}`)).body.dialog.assignee).toBeNull();

    // On: Ivan and Olga online with consoles open, Olga limited to one chat.
    // A fresh page: its settings draft must include the routing set through the API above.
    await admin.page.goto(`${srv.url}/console#/settings/routing`);
    await admin.page.reload();
    await admin.page.getByRole('checkbox', { name: /Assign new chats automatically/ }).check();
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await admin.page.getByText('Saved').waitFor();
    await owner.patch(`/api/v1/operator/operators/${olga.id}`, { maxChats: 1 });
    const ivanC = await openConsole(browser, srv.url, 'ivan@example.com', 'ivan-password-1');
    const olgaC = await openConsole(browser, srv.url, 'olga@example.com', 'olga-password-1');
    for (const c of [ivan.client, olga.client]) await c.patch('/api/v1/operator/me', { status: 'online' });
    const assigned: string[] = [];
    for (const text of ['a', 'b', 'c']) {
      const v = await openVisitorSocket(srv.url, { device: IPHONE });
      await v.welcome;
      const id = (await sendMessage(v, `chat ${text}`)).dialogId as string;
      await expect.poll(async () => (await owner.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.assignee?.name ?? null).not.toBeNull();
      assigned.push((await owner.get(`/api/v1/operator/dialogs/${id}`)).body.dialog.assignee.name);
      await v.close();
    }
    // Turns, then Olga's limit of one sends the third to Ivan.
    expect(assigned.sort()).toEqual(['Ivan', 'Ivan', 'Olga']);
    // The assignee is notified as when an admin assigns.
    await ivanC.page.locator('.toast').first().waitFor();
    // The group filter shows them.
    await admin.page.goto(`${srv.url}/console#/inbox/all`);
    await admin.page.getByRole('button', { name: 'Filters' }).click();
    await admin.page.getByRole('combobox', { name: 'Group' }).selectOption({ label: 'Support' });
    await listItem(admin.page, d1).waitFor();
    await admin.page.getByRole('button', { name: 'Clear filters' }).click();
    await owner.patch('/api/v1/operator/project', { settings: { autoAssign: { enabled: false }, routing: [] } });
    await ivanC.context.close();
    await olgaC.context.close();
    await v1.close();
  });

  it('new chats chime and show in the title only for operators who opt in; a new operator is told they are offline', async () => {
    await createOperator(owner, { email: 'petr@example.com', name: 'Petr', password: 'petr-password-1' });
    await createOperator(owner, { email: 'vera@example.com', name: 'Vera', password: 'vera-password-1' });
    const petr = await openConsole(browser, srv.url, 'petr@example.com', 'petr-password-1');
    const vera = await openConsole(browser, srv.url, 'vera@example.com', 'vera-password-1');
    // First sign-in: the banner says they are Offline and how to go online.
    const banner = petr.page.getByRole('region', { name: 'Welcome to Parley' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('You are Offline');
    await banner.getByRole('button', { name: 'Go online' }).click();
    await expect.poll(() => banner.count()).toBe(0);
    expect(await petr.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('switch').getAttribute('aria-checked')).toBe('true');
    await vera.page.getByRole('region', { name: 'Welcome to Parley' }).getByRole('button', { name: 'Not now' }).click();

    // Petr opts in to sound and title for new chats; Vera keeps the default.
    await petr.page.goto(`${srv.url}/console#/profile`);
    // Saved on the server (the boxes follow the saved preference).
    for (const name of ['Play a sound for new chats', 'Show new chats in the tab title']) {
      const box = petr.page.getByRole('checkbox', { name });
      await box.click();
      await expect.poll(() => box.isChecked()).toBe(true);
    }
    await petr.page.mouse.click(5, 5); // a gesture, so the browser allows sound
    await vera.page.mouse.click(5, 5);
    const v = await openVisitorSocket(srv.url, { device: IPHONE }, LYON);
    await v.welcome;
    const id = (await sendMessage(v, 'Is anyone available today?')).dialogId as string;
    await expect.poll(() => petr.page.title()).toMatch(/^\(1\) [A-Z][a-z]+ [A-Z][a-z]+ from Lyon: Is anyone available today\? · Parley$/);
    await expect.poll(() => petr.chimes()).toBeGreaterThan(0);
    await vera.page.getByRole('link', { name: /^New/ }).click();
    await listItem(vera.page, id).waitFor();
    expect(await vera.chimes()).toBe(0);
    expect(await vera.page.title()).toBe('Parley');
    for (const s of [petr, vera]) expectClean(s);
    await petr.context.close();
    await vera.context.close();
    await v.close();
  });

  it('admins set an avatar when they create an operator', async () => {
    await admin.page.goto(`${srv.url}/console#/settings/operators`);
    const form = admin.page.locator('form', { has: admin.page.getByRole('button', { name: 'Add operator' }) });
    await form.getByRole('textbox', { name: 'Name' }).fill('Nadia');
    await form.getByRole('textbox', { name: 'Email' }).fill('nadia@example.com');
    await form.getByLabel('Password').fill('nadia-password-1');
    await form.getByLabel('Avatar').setInputFiles({ name: 'nadia.png', mimeType: 'image/png', buffer: png(256, 256) });
    await form.getByRole('button', { name: 'Add operator' }).click();
    const row = admin.page.locator('tr', { hasText: 'nadia@example.com' });
    await row.locator('img.avatar').waitFor();
    const ops = await owner.get('/api/v1/operator/operators');
    expect(ops.body.operators.find((o: { email: string }) => o.email === 'nadia@example.com').avatarUrl).toMatch(/\/api\/v1\/avatars\//);
  });
});
