/**
 * Issue 16 in the console: Settings → Webhooks (add an endpoint, Send test event, the delivery log,
 * Resend) and "Create lead" in the dialog header with its delivery state.
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
import { startReceiver, verifySignature, type Receiver } from '../../packages/server/test/webhook-receiver';
import { expectClean, openConsole, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let op: ConsoleSession;
let rx: Receiver;

describeBrowser('console: webhooks and CRM leads', () => {
  beforeAll(async () => {
    rx = await startReceiver();
    srv = await startServer({ env: { PARLEY_WEBHOOK_ALLOW: '127.0.0.1' } });
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    op = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await rx?.close();
  });

  it('adds an endpoint, sends a test event, shows the delivery log and resends', async () => {
    const { page } = op;
    await page.goto(`${srv.url}/console#/settings/webhooks`);
    await page.getByRole('heading', { name: 'Webhooks' }).waitFor();
    const form = page.getByRole('form', { name: 'Add endpoint' });
    // A private address is refused with a clear reason.
    await form.getByLabel('Endpoint URL').fill('http://10.1.2.3/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form
      .getByRole('alert')
      .getByText(/private and loopback addresses are refused/)
      .waitFor();
    // That refusal (400) is the one console line this test expects.
    expect(op.problems.consoleErrors.splice(0)).toEqual([expect.stringMatching(/status of 400/)]);
    await form.getByLabel('Endpoint URL').fill(rx.url);
    await form.getByLabel('Description').fill('Our CRM');
    await form.getByRole('checkbox', { name: 'dialog.closed' }).check();
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const card = page.getByRole('article', { name: rx.url });
    await card.waitFor();
    const secret = (await card.locator('.webhook-secret code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const saved = (await owner.get('/api/v1/operator/webhooks')).body.endpoints;
    expect(saved).toHaveLength(1);
    expect(saved[0].events.sort()).toEqual(['dialog.closed', 'lead.created']);

    await card.getByRole('button', { name: 'Send test event' }).click();
    const test = await rx.waitFor((r) => r.body.type === 'webhook.test');
    expect(verifySignature(test.headers['parley-signature'] as string, test.raw, secret, Math.floor(Date.now() / 1000))).toBe(true);
    const log = card.getByRole('table', { name: 'Delivery log' });
    await expect
      .poll(async () => {
        await card.getByRole('button', { name: 'Refresh' }).click();
        return log.locator('tbody tr').first().textContent();
      })
      .toMatch(/webhook\.test.*Delivered.*200/);
    await log.getByRole('button', { name: 'Resend' }).first().click();
    await expect.poll(() => rx.received.filter((r) => r.body.id === test.body.id).length).toBe(2);
    await expect.poll(async () => log.locator('tbody tr').count()).toBe(2);
    expectClean(op);
  });

  it('"Create lead" sends the dialog to the CRM and shows the delivery state', async () => {
    const { page } = op;
    const v = await openVisitorSocket(srv.url, { page: { url: 'https://shop.test/pricing', title: 'Pricing' } });
    await v.welcome;
    const dialogId = (await sendMessage(v, 'I want a quote for 40 seats')).dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/notes`, { text: 'INTERNAL: big fish' });
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: clientId(), text: 'Sure, sending it now.' });
    await page.goto(`${srv.url}/console#/inbox/all/${dialogId}`);
    const toolbar = page.getByRole('toolbar', { name: 'Dialog actions' });
    await toolbar.getByRole('button', { name: 'Create lead' }).click();
    await toolbar.getByRole('status').getByText('Lead sent to the CRM').waitFor();
    const lead = await rx.waitFor((r) => r.body.type === 'lead.created' && r.body.data.lead.dialogId === dialogId);
    expect(lead.body.data.lead.transcript.map((x: { text: string }) => x.text)).toEqual(['I want a quote for 40 seats', 'Sure, sending it now.']);
    expect(lead.body.data.lead.operator.email).toBe(srv.ownerEmail);
    expect(lead.raw).not.toContain('INTERNAL');
    // The state is the dialog's: it is there after a reload.
    await page.reload();
    await page.getByRole('toolbar', { name: 'Dialog actions' }).getByRole('status').getByText('Lead sent to the CRM').waitFor();
    await v.close();
    expectClean(op);
  });
});
