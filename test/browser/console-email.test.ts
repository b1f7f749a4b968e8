import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { clientId, freePort, loginOperator, openVisitorSocket, sendMessage, type OperatorClient } from '../../packages/server/test/harness';
import { Capture } from '../../packages/server/test/smtp-capture';
import { axeProblems } from './axe';
import { expectClean, expectWidgetClean, listItem, openWidget, useConsoleEnv } from './console-support';

let owner: OperatorClient;
let capture: Capture;

describeBrowser('email in the console and the widget', () => {
  beforeAll(async () => {
    capture = new Capture(await freePort());
    await capture.start();
  });
  const env = useConsoleEnv(() => ({
    PARLEY_SMTP_URL: `smtp://127.0.0.1:${capture.port}`,
    PARLEY_REPLY_DOMAIN: 'reply.example.test',
    PARLEY_MAIL_TICK_MS: '50',
    PARLEY_INBOUND_TOKEN: 'inbound-browser',
  }));
  beforeAll(async () => {
    owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
  });
  afterAll(async () => {
    await capture?.stop();
  });

  it('the composer offers chat or email when the visitor left an address; "email" mails the reply at once', async () => {
    const { page } = env.op;
    const v = await openVisitorSocket(env.srv.url);
    await v.welcome;
    const anon = (await sendMessage(v, 'No address yet')).dialogId as string;
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, anon).click();
    let pane = page.locator(`section.pane[data-dialog-id="${anon}"]`);
    await pane.getByText('No address yet').waitFor();
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    await pane.getByRole('combobox', { name: 'Reply to the visitor' }).waitFor();
    // No address: no choice, the reply goes to the chat only.
    expect(await pane.getByRole('radiogroup', { name: 'Send by' }).count()).toBe(0);
    await v.close();

    const w = await openVisitorSocket(env.srv.url);
    await w.welcome;
    w.send({ type: 'offline_form.submit', clientId: clientId(), name: 'Maria', email: 'maria@example.test', message: 'Write to me' });
    await w.next('request.ack');
    const dialogId = (await sendMessage(w, 'Is the red one available?')).dialogId as string;
    await w.close();
    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByText('Is the red one available?').waitFor();
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    const choice = pane.getByRole('radiogroup', { name: 'Send by' });
    await choice.waitFor();
    expect(await choice.getByRole('radio', { name: 'Chat' }).isChecked()).toBe(true);
    await choice.getByRole('radio', { name: 'Email (maria@example.test)' }).check();
    await pane.getByRole('button', { name: 'Send and email' }).waitFor();
    const composer = pane.getByRole('combobox', { name: 'Reply to the visitor' });
    await composer.fill('Yes, the red one is in stock');
    await composer.press('Enter');
    const m = await capture.next('maria@example.test');
    expect(m.mail.text).toContain('Yes, the red one is in stock');
    expect(m.mail.replyTo?.value[0]?.address).toMatch(/^reply\+[0-9a-f]{40}@reply\.example\.test$/);
    const mine = pane.locator('article.msg-operator', { hasText: 'Yes, the red one is in stock' });
    await mine.waitFor();
    // Marked live in the timeline: this one went by email (operators only).
    await mine.getByText('✉ Sent by email to maria@example.test').waitFor();

    // A reply mail from another address: a warning on the message for operators, the text untouched.
    const to = m.mail.replyTo?.value[0]?.address as string;
    const raw = `From: mallory@evil.test\r\nTo: ${to}\r\nSubject: Re\r\nMessage-ID: <${clientId()}@evil.test>\r\n\r\nPay to my new account\r\n`;
    const hook = await fetch(`${env.srv.url}/api/v1/email/inbound`, {
      method: 'POST',
      headers: { authorization: 'Bearer inbound-browser', 'content-type': 'message/rfc822' },
      body: raw,
    });
    expect(hook.status).toBe(201);
    const spoofed = pane.locator('article.msg-visitor', { hasText: 'Pay to my new account' });
    await spoofed
      .getByRole('note')
      .filter({ hasText: 'Sent from mallory@evil.test, not from the visitor’s address maria@example.test' })
      .waitFor({ timeout: 15_000 });
    expect(await spoofed.locator('.msg-text').innerText()).toBe('Pay to my new account');
    await spoofed.getByText('✉ Came by email from mallory@evil.test').waitFor();
    expect(await axeProblems(page, `section.pane[data-dialog-id="${dialogId}"]`)).toEqual([]);
    // After a reload (from the timeline, not the live frames) both marks are still there.
    await page.reload();
    await page
      .locator(`section.pane[data-dialog-id="${dialogId}"] article.msg-operator`, { hasText: 'Yes, the red one is in stock' })
      .getByText('✉ Sent by email to maria@example.test')
      .waitFor();
    pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('article.msg-visitor', { hasText: 'Pay to my new account' }).getByRole('note').waitFor();

    await pane.getByRole('button', { name: 'Email transcript' }).click();
    await pane.getByText('The transcript is on its way to maria@example.test.').waitFor();
    await expect.poll(() => capture.to('maria@example.test').length).toBe(2);
    expectClean(env.op);
  });

  it('Settings > Email: the team address is saved, the test email is sent', async () => {
    const { page } = env.op;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Email' }).click();
    await page.getByRole('heading', { name: 'Email', level: 3, exact: true }).waitFor();
    await page.getByLabel('Team address for new leads').fill('team@example.test');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await owner.get('/api/v1/operator/project')).body.settings.email.teamAddress).toBe('team@example.test');
    await page.getByLabel('Send to').fill('admin@example.test');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await page.getByText('Sent to admin@example.test. Check the inbox.').waitFor();
    expect((await capture.next('admin@example.test')).mail.subject).toBe('Parley test email');
    expectClean(env.op);
  });

  it('the widget: a visitor asks for the transcript by email', async () => {
    const visitor = await openWidget(env.browser, env.srv.url);
    await visitor.write('Please send me this conversation');
    const { panel } = visitor;
    await panel.getByRole('button', { name: 'Email me this chat' }).click();
    await panel.getByRole('textbox', { name: 'Your email' }).fill('visitor@example.test');
    await panel.locator('form.tr').getByRole('button', { name: 'Send' }).click();
    await panel.getByText('Sent to visitor@example.test').waitFor();
    const m = await capture.next('visitor@example.test');
    expect(m.mail.text).toContain('Please send me this conversation');
    expectWidgetClean(visitor);
    await visitor.context.close();
  });
});
