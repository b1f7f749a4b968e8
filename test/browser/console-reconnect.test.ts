import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { openVisitorSocket, sendMessage } from '../../packages/server/test/harness';
import { listItem, OPERA, useConsoleEnv } from './console-support';

describeBrowser('console: reconnecting', () => {
  const env = useConsoleEnv();

  it('reconnects after the server restarts and shows what happened meanwhile', async () => {
    const { page } = env.op;
    const v = await openVisitorSocket(env.srv.url, { device: OPERA });
    const welcome = await v.welcome;
    const dialogId = (await sendMessage(v, 'Before the restart')).dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Before the restart').waitFor();

    await env.srv.kill('SIGTERM');
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await env.srv.restart();
    // The visitor writes at once, possibly before the console is back: it must not be missed.
    const again = await openVisitorSocket(env.srv.url, { device: OPERA, token: welcome.token });
    await again.welcome;
    await sendMessage(again, 'While you were away');
    const other = await openVisitorSocket(env.srv.url, { device: OPERA });
    await other.welcome;
    const newer = (await sendMessage(other, 'A new chat meanwhile')).dialogId as string;

    await pane.getByText('While you were away').waitFor();
    await listItem(page, newer).waitFor();
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
    // Still signed in (the session outlives the restart).
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(1);
    // The browser logs the refused connections while the server is down; nothing else may fail.
    const unexpected = env.op.problems.consoleErrors.filter((e) => !/status of 401|WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
    expect(unexpected).toEqual([]);
    expect(env.op.problems.pageErrors).toEqual([]);
    expect(env.op.problems.cspViolations).toEqual([]);
    await again.close();
    await other.close();
  });
});
