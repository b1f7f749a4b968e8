import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, DEVICES, launchBrowser, type Browser } from '../browser-helper';
import { createOperator, loginOperator, openVisitorSocket, sendMessage, startServer, type RunningServer } from '../../packages/server/test/harness';
import { expectClean, expectWidgetClean, listItem, openConsole, openWidget, IPHONE, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let admin: ConsoleSession;
let anna: ConsoleSession;
let boris: ConsoleSession;

describeBrowser('console: assignment and notifications', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    await createOperator(owner, { email: 'anna@example.com', name: 'Anna', password: 'anna-password-1' });
    await createOperator(owner, { email: 'boris@example.com', name: 'Boris', password: 'boris-password-1' });
    admin = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    anna = await openConsole(browser, srv.url, 'anna@example.com', 'anna-password-1');
    boris = await openConsole(browser, srv.url, 'boris@example.com', 'boris-password-1');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('an admin assigns a chat and only the assignee is notified, then of each new message', async () => {
    const visitor = await openWidget(browser, srv.url, { device: DEVICES.mobile });
    const dialogId = await visitor.write('Where is my parcel?');

    // Unassigned: every operator sees it under "New", and no one is notified.
    for (const s of [admin, anna, boris]) {
      await s.page.getByRole('link', { name: /^New/ }).click();
      await listItem(s.page, dialogId).waitFor();
    }
    for (const s of [admin, anna, boris]) {
      expect(await s.notifications()).toEqual([]);
      expect(await s.page.locator('.toast').count()).toBe(0);
    }

    // The admin assigns it to Anna.
    await listItem(admin.page, dialogId).click();
    const pane = admin.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('summary', { hasText: 'Assign' }).click();
    await pane.getByRole('button', { name: /Anna/ }).click();
    await pane.getByText('Assigned to Anna').first().waitFor();

    // Anna: a toast, a desktop notification, a chime, a count in the title; the dialog is in "Mine".
    const toast = anna.page.locator(`.toast[data-dialog-id="${dialogId}"]`);
    await toast.waitFor();
    await expect.poll(() => anna.notifications().then((n) => n.length)).toBe(1);
    expect(await anna.chimes()).toBeGreaterThan(0);
    // The title names the visitor and their first words (issue 14).
    await expect.poll(() => anna.page.title()).toMatch(/^\(\d+\) \S.* · Parley$/);
    await anna.page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(anna.page, dialogId).waitFor();

    // Anna answers from her console; the visitor sees it and writes again: Anna is notified, no one else.
    await anna.page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(anna.page, dialogId).click();
    const annaPane = anna.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await annaPane.getByRole('combobox', { name: 'Reply to the visitor' }).fill('Let me check, one moment');
    await annaPane.getByRole('combobox', { name: 'Reply to the visitor' }).press('Enter');
    await visitor.panel.getByText('Let me check, one moment').waitFor();
    // Anna moves on to another screen, so the next message is news to her.
    await anna.page.getByRole('link', { name: /^New/ }).click();
    await visitor.write('It was due yesterday');
    await expect.poll(() => anna.notifications().then((n) => n.length)).toBe(2);
    expect((await anna.notifications())[1]!.body).toContain('It was due yesterday');
    // The admin's console shows the message, so every frame before it has arrived there.
    await pane.getByText('It was due yesterday').waitFor();

    // A new unassigned chat reaches Boris: had he been notified of Anna's chat, it would have come first.
    const v2 = await openVisitorSocket(srv.url, { device: IPHONE });
    await v2.welcome;
    const other = (await sendMessage(v2, 'Hello?')).dialogId as string;
    await listItem(boris.page, other).waitFor();
    await listItem(admin.page, other).waitFor();
    expect(await boris.notifications()).toEqual([]);
    expect(await boris.page.locator('.toast').count()).toBe(0);
    expect(await boris.chimes()).toBe(0);
    expect(await boris.page.title()).toBe('Parley');
    expect(await admin.notifications()).toEqual([]);
    expect(await admin.page.locator('.toast').count()).toBe(0);
    expect((await anna.notifications()).length).toBe(2);

    // Opening the notification takes Anna to the dialog and clears the badge.
    await toast.getByRole('button', { name: 'Open' }).click();
    await anna.page.locator(`section.pane[data-dialog-id="${dialogId}"]`).getByText('It was due yesterday').waitFor();
    await expect.poll(() => anna.page.title()).toBe('Parley');

    for (const s of [admin, anna, boris]) expectClean(s);
    expectWidgetClean(visitor);
    await visitor.context.close();
    await v2.close();
  });

  it('an admin transfers a chat from one operator to another', async () => {
    const v = await openVisitorSocket(srv.url, { device: IPHONE });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Transfer me please')).dialogId as string;
    await admin.page.getByRole('link', { name: /^New/ }).click();
    await listItem(admin.page, dialogId).click();
    const pane = admin.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('summary', { hasText: 'Assign' }).click();
    await pane.getByRole('button', { name: /Anna/ }).click();
    await pane.getByText('Assigned to Anna').first().waitFor();
    await pane.locator('summary', { hasText: 'Transfer' }).click();
    await pane.getByRole('button', { name: /Boris/ }).click();
    await pane.getByText('Assigned to Boris').first().waitFor();

    await boris.page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(boris.page, dialogId).waitFor();
    await boris.page.locator(`.toast[data-dialog-id="${dialogId}"]`).waitFor();
    // It left Anna's list.
    await anna.page.getByRole('link', { name: /^Mine/ }).click();
    await expect.poll(() => listItem(anna.page, dialogId).count()).toBe(0);
    for (const s of [admin, anna, boris]) expectClean(s);
    await v.close();
  });

  it('a chat assigned to someone leaves the other operators\' "New" list at once', async () => {
    const v = await openVisitorSocket(srv.url, { device: IPHONE });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Anyone there?')).dialogId as string;
    await boris.page.getByRole('link', { name: /^New/ }).click();
    await listItem(boris.page, dialogId).waitFor();
    await admin.page.getByRole('link', { name: /^New/ }).click();
    await listItem(admin.page, dialogId).click();
    const pane = admin.page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('summary', { hasText: 'Assign' }).click();
    await pane.getByRole('button', { name: /Anna/ }).click();
    await pane.getByText('Assigned to Anna').first().waitFor();
    await expect.poll(() => listItem(boris.page, dialogId).count()).toBe(0);
    await v.close();
  });
});
