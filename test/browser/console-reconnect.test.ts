import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import { openVisitorSocket, sendMessage, startServer, type RunningServer } from '../../packages/server/test/harness';
import { listItem, openConsole, OPERA, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let op: ConsoleSession;

describeBrowser('console: reconnecting', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    op = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('reconnects after the server restarts and shows what happened meanwhile', async () => {
    const { page } = op;
    const v = await openVisitorSocket(srv.url, { device: OPERA });
    const welcome = await v.welcome;
    const dialogId = (await sendMessage(v, 'Before the restart')).dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Before the restart').waitFor();

    await srv.kill('SIGTERM');
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await srv.restart();
    // The visitor writes at once, possibly before the console is back: it must not be missed.
    const again = await openVisitorSocket(srv.url, { device: OPERA, token: welcome.token });
    await again.welcome;
    await sendMessage(again, 'While you were away');
    const other = await openVisitorSocket(srv.url, { device: OPERA });
    await other.welcome;
    const newer = (await sendMessage(other, 'A new chat meanwhile')).dialogId as string;

    await pane.getByText('While you were away').waitFor();
    await listItem(page, newer).waitFor();
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
    // Still signed in (the session outlives the restart).
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(1);
    // The browser logs the refused connections while the server is down; nothing else may fail.
    const unexpected = op.problems.consoleErrors.filter((e) => !/status of 401|WebSocket|ERR_CONNECTION_REFUSED|Failed to load resource/.test(e));
    expect(unexpected).toEqual([]);
    expect(op.problems.pageErrors).toEqual([]);
    expect(op.problems.cspViolations).toEqual([]);
    await again.close();
    await other.close();
  });
});
