import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { clientId, createOperator, loginOperator, openVisitorSocket, sendMessage } from '../../packages/server/test/harness';
import { expectClean, listItem, openConsole, OPERA, useConsoleEnv } from './console-support';

describeBrowser('console: knowledge base settings and "waiting for the client" (issue 19)', () => {
  const env = useConsoleEnv();

  it('an admin lets operators write articles; the operator then finds Knowledge base and adds one', async () => {
    const { page } = env.op;
    const owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
    const email = `kb-writer-${clientId()}@example.test`;
    await createOperator(owner, { email, password: 'kb-writer-password-1' });

    // Before: the operator has no way in.
    const writer = await openConsole(env.browser, env.srv.url, email, 'kb-writer-password-1');
    const rail = writer.page.getByRole('navigation', { name: 'Main navigation' });
    expect(await rail.getByRole('link', { name: 'Knowledge base' }).count()).toBe(0);

    // The owner turns it on in Settings → Knowledge base.
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    const allow = page.getByRole('checkbox', { name: 'Operators may write articles' });
    expect(await allow.isChecked()).toBe(false);
    await allow.check();
    await page.getByRole('button', { name: 'Save' }).first().click();
    await expect.poll(async () => (await owner.get('/api/v1/operator/project')).body.settings.help, { timeout: 10_000 }).toEqual({ operatorsWrite: true });

    // The operator (after a reload, as the project's settings load) writes an article, and sees no switch.
    await writer.page.reload();
    await rail.getByRole('link', { name: 'Knowledge base' }).click();
    expect(await writer.page.getByRole('checkbox', { name: 'Operators may write articles' }).count()).toBe(0);
    await writer.page.getByRole('button', { name: 'New article' }).click();
    await writer.page.getByLabel('Title').fill('Written by an operator');
    await writer.page.getByLabel('Text (Markdown)').fill('Some **help**.');
    await writer.page.getByRole('button', { name: 'Add article' }).click();
    await expect
      .poll(async () => (await owner.get('/api/v1/operator/help/articles')).body.articles.map((a: { title: string }) => a.title), { timeout: 10_000 })
      .toContain('Written by an operator');
    // The list is read again after the save answers: wait for it (CI once read it empty, mid-reload).
    await expect.poll(() => writer.page.locator('.help-articles').innerText(), { timeout: 10_000 }).toContain('Written by an operator');

    // Turned off again: the server refuses the operator, and the console says so.
    expect((await owner.patch('/api/v1/operator/project', { settings: { help: { operatorsWrite: false } } })).status).toBe(200);
    await writer.page.getByRole('button', { name: 'Delete' }).first().click();
    await expect.poll(() => writer.page.getByRole('alert').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // The browser logs the refused request itself (403); nothing else went wrong.
    expect(writer.problems.consoleErrors.filter((e) => !/status of (401|403)/.test(e))).toEqual([]);
    expect(writer.problems.pageErrors).toEqual([]);
    expect(writer.problems.cspViolations).toEqual([]);
    await writer.context.close();
    expectClean(env.op);
  });

  it('"Waiting for the client" marks the request, and the client\'s answer takes the mark off', async () => {
    const { page } = env.op;
    const v = await openVisitorSocket(env.srv.url, { device: OPERA });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Is my order shipped?')).dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    const request = pane.locator('.pane-request');
    await expect.poll(() => request.innerText(), { timeout: 10_000 }).toMatch(/^Request #\d+ · Received$/);
    // The list shows the request's number too.
    const number = /#\d+/.exec(await request.innerText())![0];
    expect(await listItem(page, dialogId).locator('.dialog-item-number').innerText()).toBe(number);

    const waiting = pane.getByRole('button', { name: 'Waiting for the client' });
    expect(await waiting.getAttribute('aria-pressed')).toBe('false');
    await waiting.click();
    await expect.poll(() => request.innerText(), { timeout: 10_000 }).toBe(`Request ${number} · Waiting for the client`);
    expect(await waiting.getAttribute('aria-pressed')).toBe('true');
    await v.waitFor((f) => f.type === 'dialog.waiting' && f.waiting === true);

    // The client answers: the mark comes off on its own (nobody replied or took it yet: received again).
    await sendMessage(v, 'Hello?');
    await expect.poll(() => waiting.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await expect.poll(() => request.innerText(), { timeout: 10_000 }).toBe(`Request ${number} · Received`);

    // Off by hand as well.
    await waiting.click();
    await expect.poll(() => waiting.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('true');
    await waiting.click();
    await expect.poll(() => waiting.getAttribute('aria-pressed'), { timeout: 10_000 }).toBe('false');
    await v.close();
    expectClean(env.op);
  });
});
