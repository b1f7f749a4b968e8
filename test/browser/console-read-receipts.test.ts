import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { listItem, openWidget, useConsoleEnv } from './console-support';

/** Issue 13: read receipts both ways, kept across reloads (the console never showed the visitor's). */
describeBrowser('console and widget: read receipts both ways', () => {
  const env = useConsoleEnv();

  it('the operator sees that the visitor read a reply, and the visitor that the operator read theirs', async () => {
    const { page } = env.op;
    const visitor = await openWidget(env.browser, env.srv.url);
    const { panel } = visitor;
    const dialogId = await visitor.write('Do you deliver to Kazan?');
    // Not read by anyone yet.
    const mineInWidget = panel.locator('.m.v').filter({ hasText: 'Do you deliver to Kazan?' });
    await expect.poll(() => mineInWidget.locator('.mt').innerText()).toContain('Sent');

    // The operator opens the dialog and takes it: the visitor's message is read (issue 14's rule: an
    // operator looking in counts once the dialog is theirs, or once they answered in it).
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Do you deliver to Kazan?').waitFor();
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    await pane.getByText('Assigned to Demo Owner', { exact: false }).first().waitFor();
    await expect.poll(() => mineInWidget.locator('.mt').innerText(), { timeout: 10_000 }).toContain('Read');

    // The operator answers while the visitor has the chat open in front of them: read at once.
    const composer = pane.getByRole('combobox', { name: 'Reply to the visitor' });
    await composer.fill('Yes, in two days');
    await composer.press('Enter');
    await panel.getByText('Yes, in two days').waitFor();
    const reply = pane.locator('article.msg-operator').filter({ hasText: 'Yes, in two days' });
    await expect.poll(() => reply.locator('.msg-read').count(), { timeout: 10_000 }).toBe(1);

    // Both marks are kept: after reloading the console and the widget they are still there.
    await page.reload();
    await pane.getByText('Yes, in two days').waitFor();
    await expect.poll(() => reply.locator('.msg-read').count(), { timeout: 10_000 }).toBe(1);
    await visitor.page.reload();
    await expect
      .poll(
        async () => {
          if (!(await panel.isVisible()))
            await visitor.page
              .getByRole('button', { name: 'Open chat' })
              .click()
              .catch(() => undefined);
          return mineInWidget
            .locator('.mt')
            .innerText()
            .catch(() => '');
        },
        { timeout: 15_000 },
      )
      .toContain('Read');
    await visitor.context.close();
  });
});
