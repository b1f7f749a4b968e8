import { expect, it } from 'vitest';
import { describeBrowser, DEVICES, USER_AGENTS } from '../browser-helper';
import { openVisitorSocket, sendMessage } from '../../packages/server/test/harness';
import { expectClean, expectGone, expectWidgetClean, listItem, openWidget, OPERA, useConsoleEnv } from './console-support';

describeBrowser('console: one dialog from first message to close', () => {
  const env = useConsoleEnv();

  it('the operator takes, answers, edits and deletes; the visitor sees each change; notes stay internal', async () => {
    const { page } = env.op;
    const visitor = await openWidget(env.browser, env.srv.url, { device: { userAgent: USER_AGENTS.desktopOpera } });
    const { panel } = visitor;
    const dialogId = await visitor.write('Hello, is delivery free?');

    // The new dialog shows up live in "New".
    await page.getByRole('link', { name: /^New/ }).click();
    const item = listItem(page, dialogId);
    await expect.poll(() => item.textContent()).toContain('Hello, is delivery free?');
    await item.click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Hello, is delivery free?').waitFor();

    // The device icon beside the visitor message tells the browser and version on hover.
    const device = pane.locator('article.msg-visitor').first().locator('.device');
    expect(await device.getAttribute('data-device-icon')).toBe('desktop');
    const tip = device.getByRole('tooltip');
    expect(await tip.isVisible()).toBe(false);
    await device.hover();
    await tip.waitFor({ state: 'visible' });
    expect(await tip.textContent()).toBe('Opera 112.0.0.0');

    // Take, then answer: the widget shows the answer.
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    await pane.getByText('Assigned to Demo Owner', { exact: false }).first().waitFor();
    await expect.poll(() => page.url()).toContain(`#/inbox/mine/${dialogId}`);
    const composer = pane.getByRole('combobox', { name: 'Reply to the visitor' });
    await composer.fill('Yes, delivery is free from 50 €');
    await composer.press('Enter');
    await panel.getByText('Yes, delivery is free from 50 €').waitFor();
    const sent = await visitor.waitFrame((f) => f.type === 'message.new' && f.message.author.kind === 'operator');
    expect(sent.message.author.name).toBe('Demo Owner');
    const mine = pane.locator(`article[data-message-id="${sent.message.id}"]`);
    await mine.waitFor();

    // Edit: the widget shows the new text, marked edited.
    // Edit and Delete sit behind the message's "⋯" menu (issue 14).
    await mine.locator('summary[aria-label="Message actions"]').click();
    await mine.getByRole('button', { name: 'Edit' }).click();
    const editor = mine.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('Yes, delivery is free from 30 €');
    await editor.press('Enter');
    await panel.getByText('Yes, delivery is free from 30 €').waitFor();
    await panel.getByText('edited').waitFor();
    await expectGone(visitor, 'Yes, delivery is free from 50 €');
    await mine.getByText('Yes, delivery is free from 30 €').waitFor();
    await mine.getByText('edited').waitFor();

    // Delete (after a confirmation): the widget shows it is gone.
    await mine.locator('summary[aria-label="Message actions"]').click();
    await mine.getByRole('button', { name: 'Delete' }).click();
    await mine.getByRole('group', { name: 'Delete this message for everyone?' }).getByRole('button', { name: 'Delete' }).click();
    await panel.getByText('Message deleted').waitFor();
    await expectGone(visitor, 'Yes, delivery is free from 30 €');
    await mine.getByText('Message deleted').waitFor();

    // An internal note: shown to operators, never sent to the visitor.
    await pane.getByRole('button', { name: 'Note', exact: true }).click();
    const noteBox = pane.getByRole('combobox', { name: 'Internal note' });
    await noteBox.fill('VIP customer, offer the express option');
    await noteBox.press('Enter');
    await pane.locator('article.note').getByText('VIP customer, offer the express option').waitFor();
    // A reply after the note: once the visitor has it, the note would have arrived before it.
    await pane.getByRole('button', { name: 'Reply', exact: true }).click();
    await composer.fill('Anything else?');
    await composer.press('Enter');
    await panel.getByText('Anything else?').waitFor();
    expect(JSON.stringify(visitor.received)).not.toContain('VIP customer');
    expect(await panel.getByText('VIP customer', { exact: false }).count()).toBe(0);
    // Nor after a reload, from the history.
    await visitor.page.reload();
    // The widget may reopen its panel by itself after a reload: open it only if it did not.
    await expect
      .poll(
        async () => {
          if (await panel.isVisible()) return true;
          await visitor.page
            .getByRole('button', { name: 'Open chat' })
            .click({ timeout: 1000 })
            .catch(() => undefined);
          return panel.isVisible();
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    await panel.getByText('Anything else?').waitFor();
    expect(await panel.getByText('VIP customer', { exact: false }).count()).toBe(0);
    expect(JSON.stringify(visitor.received)).not.toContain('VIP customer');

    expectClean(env.op);
    expectWidgetClean(visitor);
    await visitor.context.close();
  });

  it('shows typing both ways, with the visitor draft', async () => {
    const { page } = env.op;
    const visitor = await openWidget(env.browser, env.srv.url, { device: DEVICES.mobile });
    const dialogId = await visitor.write('Question about my order');
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    // An iPhone: the mobile icon, and "Mobile Safari 17.6.1" on hover.
    const device = pane.locator('article.msg-visitor').first().locator('.device');
    expect(await device.getAttribute('data-device-icon')).toBe('mobile');
    await device.hover();
    await device.getByRole('tooltip').waitFor({ state: 'visible' });
    expect(await device.getByRole('tooltip').textContent()).toBe('Mobile Safari 17.6.1');

    await visitor.panel.getByRole('textbox', { name: 'Write a message…' }).pressSequentially('my order number is 12');
    await pane.getByText('The visitor is typing…').waitFor();
    // The widget shares its draft every few seconds: what arrived is the start of what was typed.
    const draft = pane.locator('.typing-draft');
    await draft.waitFor();
    expect('my order number is 12'.startsWith((await draft.textContent()) ?? 'x')).toBe(true);

    await pane.getByRole('combobox', { name: 'Reply to the visitor' }).pressSequentially('Let me check');
    await visitor.panel.getByText('Demo Owner is typing…').waitFor();
    expectClean(env.op);
    expectWidgetClean(visitor);
    await visitor.context.close();
  });

  it('closes with a status and reopens', async () => {
    const { page } = env.op;
    const v = await openVisitorSocket(env.srv.url, { device: OPERA });
    await v.welcome;
    const ack = await sendMessage(v, 'Thanks, that is all');
    const dialogId = ack.dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    await pane.locator('summary', { hasText: 'Close' }).click();
    await pane.getByRole('button', { name: 'Resolved', exact: true }).click();
    await v.next('dialog.closed');
    await pane.getByText('Closed: Resolved').waitFor();
    await pane
      .getByText(/^Dialog closed/)
      .first()
      .waitFor();
    // It is listed under "Resolved".
    await page.getByRole('link', { name: /^Resolved/ }).click();
    await listItem(page, dialogId).waitFor();

    await listItem(page, dialogId).click();
    await pane.getByRole('button', { name: 'Reopen' }).first().click();
    await v.waitFor((f) => f.type === 'dialog.opened' && f.dialogId === dialogId && f.reopened === true);
    await pane.getByText('Open', { exact: true }).waitFor();
    expectClean(env.op);
    await v.close();
  });
});
