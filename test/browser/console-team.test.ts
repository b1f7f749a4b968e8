/**
 * Issue 14's bugs that need two people at once: an admin and an operator in their own consoles
 * (unread per operator, live presence), and the admin's "add operator" form.
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
import { expectClean, listItem, openConsole, IPHONE, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let admin: ConsoleSession;
let anna: ConsoleSession;

const pane = (s: ConsoleSession, id: string) => s.page.locator(`section.pane[data-dialog-id="${id}"]`);

describeBrowser('console: two people at once (issue 14 bugs 1–3)', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    await createOperator(owner, { email: 'anna@example.com', name: 'Anna', password: 'anna-password-1' });
    admin = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    anna = await openConsole(browser, srv.url, 'anna@example.com', 'anna-password-1');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('bug 1: unread and read marks are per operator; the visitor\'s "Read" is the assignee\'s', async () => {
    const v = await openVisitorSocket(srv.url, { device: IPHONE });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Hello, I need help')).dialogId as string;

    // Anna takes the chat, reads it, and goes to Resolved.
    await anna.page.getByRole('link', { name: /^New/ }).click();
    await listItem(anna.page, dialogId).click();
    await pane(anna, dialogId).getByRole('button', { name: 'Take', exact: true }).click();
    await pane(anna, dialogId).getByText('Assigned to Anna').first().waitFor();
    await anna.page.getByRole('link', { name: /^Resolved/ }).click();
    await v.waitFor((f) => f.type === 'read.update');

    // The admin opens the same chat from All; the visitor writes while the admin looks at it.
    await admin.page.getByRole('link', { name: /^All/ }).click();
    await listItem(admin.page, dialogId).click();
    await pane(admin, dialogId).getByText('Hello, I need help').waitFor();
    const adminRead = admin.page.waitForResponse((r) => r.url().endsWith(`/dialogs/${dialogId}/read`) && r.request().method() === 'POST');
    const ack = await sendMessage(v, 'Are you there?');
    await pane(admin, dialogId).getByText('Are you there?').waitFor();
    expect((await adminRead).status()).toBe(200);
    // The admin has read it: nothing unread for them.
    await expect.poll(() => listItem(admin.page, dialogId).locator('.count').count(), { timeout: 15_000 }).toBe(0);

    // Anna has not: her Mine badge and the dialog's unread count say 1.
    const mine = anna.page.getByRole('link', { name: /^Mine/ });
    await expect.poll(() => mine.locator('.count').textContent(), { timeout: 15_000 }).toBe('1');
    await mine.click();
    await expect.poll(() => listItem(anna.page, dialogId).locator('.count').textContent()).toBe('1');
    await expect.poll(() => anna.page.title()).toMatch(/^\(1\) /);
    // ...and the visitor was not told "Read": the admin's look is not the assignee's.
    expect(v.frames.filter((f) => f.type === 'read.update' && f.seq >= ack.seq)).toEqual([]);

    // Anna opens it: her count clears, and now the visitor sees it read.
    await listItem(anna.page, dialogId).click();
    await pane(anna, dialogId).getByText('Are you there?').waitFor();
    const read = await v.waitFor((f) => f.type === 'read.update' && f.seq >= ack.seq);
    expect(read.seq).toBe(ack.seq);
    await expect.poll(() => mine.locator('.count').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => anna.page.title(), { timeout: 15_000 }).toBe('Parley');
    for (const s of [admin, anna]) expectClean(s);
    await v.close();
  });

  it('bug 2: admins see the presence the widget uses, live (online, away with the console closed, offline)', async () => {
    const boris = await createOperator(owner, { email: 'boris@example.com', name: 'Boris', password: 'boris-password-1' });
    // Boris switched himself Online once, but has no console open.
    expect((await boris.client.patch('/api/v1/operator/me', { status: 'online' })).status).toBe(200);
    // The admin is the only console open, and sets themself Offline.
    const sw = admin.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('switch');
    if ((await sw.getAttribute('aria-checked')) === 'true') await sw.click();
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');

    await admin.page.goto(`${srv.url}/console#/settings/operators`);
    const row = (name: string) => admin.page.locator('tr', { hasText: name }).locator('td[data-presence]');
    await expect.poll(() => row('Boris').textContent()).toContain('Away (console closed)');
    expect(await row('Boris').getAttribute('data-presence')).toBe('away');
    const adminRow = admin.page.locator('tr', { hasText: srv.ownerEmail }).locator('td[data-presence]');
    await expect.poll(() => adminRow.getAttribute('data-presence')).toBe('offline');

    // Boris opens his console: he is Online for the admin at once; closes it: Away again.
    const b = await openConsole(browser, srv.url, 'boris@example.com', 'boris-password-1');
    await expect.poll(() => row('Boris').getAttribute('data-presence')).toBe('online');
    await b.context.close();
    await expect.poll(() => row('Boris').getAttribute('data-presence'), { timeout: 10_000 }).toBe('away');
    // He switches Offline (from another device): Offline.
    await boris.client.patch('/api/v1/operator/me', { status: 'offline' });
    await expect.poll(() => row('Boris').getAttribute('data-presence')).toBe('offline');

    // Anna switches Online in her console. The Assign menu says what each one is.
    const annaSwitch = anna.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('switch');
    await annaSwitch.click();
    await expect.poll(() => annaSwitch.getAttribute('aria-checked')).toBe('true');
    const v = await openVisitorSocket(srv.url, { device: IPHONE });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Presence check')).dialogId as string;
    await admin.page.goto(`${srv.url}/console#/inbox/all/${dialogId}`);
    await pane(admin, dialogId).locator('summary', { hasText: 'Assign' }).click();
    const item = (name: string) => pane(admin, dialogId).getByRole('button', { name: new RegExp(name) });
    await expect.poll(() => item('Boris').textContent()).toContain('Offline');
    await expect.poll(() => item('Anna').textContent()).toContain('Online');
    expectClean(admin);
    await v.close();
  });

  it('bug 3: a duplicate email is said next to the email field', async () => {
    await admin.page.goto(`${srv.url}/console#/settings/operators`);
    const form = admin.page.locator('form', { has: admin.page.getByRole('button', { name: 'Add operator' }) });
    await form.getByRole('textbox', { name: 'Name' }).fill('Anna Again');
    await form.getByRole('textbox', { name: 'Email' }).fill('anna@example.com');
    await form.getByLabel('Password').fill('another-password-1');
    await form.getByRole('button', { name: 'Add operator' }).click();
    const email = form.getByRole('textbox', { name: 'Email' });
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await email.getAttribute('aria-describedby')) ?? '';
    const text = await admin.page.locator(`[id="${errorId.split(' ').pop()}"]`).textContent();
    expect(text).toBe('This email is already used by another operator.');
    expect(await form.textContent()).not.toContain('changed by someone else');
  });
});
