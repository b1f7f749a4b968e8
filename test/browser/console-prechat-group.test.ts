/**
 * Issue 14, routing "by pre-chat choice": the admin offers groups in the pre-chat form (console),
 * the visitor picks one in the widget, and the new dialog lands in that group in the console.
 */
import { expect, it } from 'vitest';
import { describeBrowser, watchPage } from '../browser-helper';
import { loginOperator } from '../../packages/server/test/harness';
import { axeProblems } from './axe';
import { expectClean, listItem, useConsoleEnv } from './console-support';

describeBrowser('console + widget: the pre-chat form routes to the group the visitor picks', () => {
  const env = useConsoleEnv();

  it('admin offers two groups with their own labels; the visitor picks one; the dialog is in that group', async () => {
    const owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
    const sales = (await owner.post('/api/v1/operator/groups', { name: 'Sales team', operatorIds: [] })).body.group as { id: string };
    const help = (await owner.post('/api/v1/operator/groups', { name: 'Support L1', operatorIds: [] })).body.group as { id: string };
    await owner.post('/api/v1/operator/groups', { name: 'Internal', operatorIds: [] });

    // The admin sets it up in Settings → Pre-chat form.
    const { page } = env.op;
    await page.reload();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Pre-chat form' }).click();
    const form = page.locator('form', { hasText: 'Pre-chat form' });
    await form.getByLabel('Ask visitors to introduce themselves before the first message').check();
    await form.getByLabel('Choice of group').selectOption('required');
    // Nothing offered yet: the console says so rather than saving a choice of nothing.
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Pick at least one group to offer, or turn the choice of group off.').waitFor();
    await form.getByLabel('Offer Sales team').check();
    await form.getByLabel('Label visitors see for Sales team').fill('Buy something');
    await form.getByLabel('Offer Support L1').check();
    await form.getByLabel('Label visitors see for Support L1').fill('Help with an order');
    expect(await axeProblems(page, 'main')).toEqual([]);
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    const stored = (await owner.get('/api/v1/operator/project')).body.settings.preChat;
    expect(stored.group).toEqual({
      mode: 'required',
      options: [
        { id: sales.id, label: 'Buy something' },
        { id: help.id, label: 'Help with an order' },
      ],
    });

    // The visitor: the form offers the labels (not the group names, not the group not offered).
    const context = await env.browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US' });
    const visitor = await context.newPage();
    const problems = await watchPage(visitor);
    await visitor.goto(`${env.srv.url}/basic.html`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const prechat = visitor.getByRole('form', { name: 'Before we start' });
    await prechat.waitFor({ timeout: 20_000 });
    const select = prechat.getByLabel('Department');
    expect(await select.locator('option').allTextContents()).toEqual(['—', 'Buy something', 'Help with an order']);
    // Required: not sent without a choice.
    await prechat.getByRole('button', { name: 'Start chat' }).click();
    await prechat.getByText('Please fill in this field.').waitFor();
    expect(await select.getAttribute('aria-invalid')).toBe('true');
    await select.selectOption({ label: 'Help with an order' });
    await prechat.getByRole('button', { name: 'Start chat' }).click();
    const input = visitor.getByRole('textbox', { name: 'Write a message…' });
    await input.waitFor({ timeout: 15_000 });
    await input.fill('Where is my parcel?');
    await input.press('Enter');

    // The console: the new dialog is in Support L1 (header and the group filter).
    await page.getByRole('link', { name: /^All/ }).click();
    const item = page.locator('a.dialog-item', { hasText: 'Where is my parcel?' });
    await item.waitFor({ timeout: 15_000 });
    const dialogId = (await item.getAttribute('data-dialog-id'))!;
    await item.click();
    await page.locator(`section.pane[data-dialog-id="${dialogId}"]`).getByText('group Support L1').waitFor();
    await page.getByRole('button', { name: 'Filters', exact: true }).click();
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Support L1' });
    await listItem(page, dialogId).waitFor();
    await page.getByLabel('Group', { exact: true }).selectOption({ label: 'Sales team' });
    await expect.poll(() => listItem(page, dialogId).count(), { timeout: 10_000 }).toBe(0);
    await page.getByLabel('Group', { exact: true }).selectOption({ index: 0 });
    expect((await owner.get(`/api/v1/operator/dialogs/${dialogId}`)).body.dialog.groupId).toBe(help.id);

    expect(problems.pageErrors).toEqual([]);
    expect(problems.cspViolations).toEqual([]);
    expect(problems.consoleErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    expectClean(env.op);
    await context.close();
    await owner.patch('/api/v1/operator/project', { settings: { preChat: { ...stored, enabled: false } } });
  });
});
