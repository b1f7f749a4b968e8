/**
 * Issue 16: problem alerts in the console. The banner appears the moment an alert is raised (the
 * server pushes `alerts.changed` over the console's socket; nothing polls), lists the alerts with
 * a link to the chat, and "Mark as seen" clears it in every admin's console at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  clientId,
  loginOperator,
  openVisitorSocket,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { expectClean, openConsole, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let one: ConsoleSession;
let two: ConsoleSession;

describeBrowser('console: problem alerts', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    one = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    two = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('shows a low rating at once in every admin console, lists it with a link to the chat, and clears it when seen', async () => {
    const banner = (s: ConsoleSession) => s.page.getByRole('region', { name: 'Problem alerts' });
    await one.page.getByRole('navigation').first().waitFor();
    await two.page.getByRole('navigation').first().waitFor();
    expect(await banner(one).count()).toBe(0);

    // A visitor rates a closed chat 2 of 5.
    const v = await openVisitorSocket(srv.url);
    await v.welcome;
    const dialogId = (await sendMessage(v, 'Where is my order?')).dialogId as string;
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' })).status).toBe(200);
    await v.next('dialog.closed');
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 2, comment: 'Too slow' });
    await v.next('request.ack');
    await v.close();

    // Pushed: both consoles show it well within the old 60 s refresh, without a reload.
    for (const s of [one, two]) await banner(s).getByText('1 new problem alerts').waitFor({ timeout: 10_000 });
    await banner(one).getByRole('button', { name: 'Show' }).click();
    const list = banner(one).getByRole('listitem');
    await expect.poll(() => list.count()).toBe(1);
    expect(await list.textContent()).toMatch(/A chat was rated 2.*Too slow/);
    await list.getByRole('link', { name: 'Open the chat' }).click();
    await expect.poll(() => one.page.url()).toContain(dialogId);

    // Seen in one console: gone from both.
    await banner(one).getByRole('button', { name: 'Mark as seen' }).click();
    for (const s of [one, two]) await expect.poll(() => banner(s).count(), { timeout: 10_000 }).toBe(0);
    expect((await owner.get('/api/v1/operator/alerts')).body.unseen).toBe(0);
    expectClean(one);
    expectClean(two);
  });
});
