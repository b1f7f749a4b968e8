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
import { png } from '../../packages/server/test/fixtures';
import { expectClean, listItem, openConsole, OPERA, type ConsoleSession } from './console-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let op: ConsoleSession;

async function newDialog(text: string) {
  const v = await openVisitorSocket(srv.url, { device: OPERA });
  await v.welcome;
  const dialogId = (await sendMessage(v, text)).dialogId as string;
  return { v, dialogId };
}

async function openAndTake(dialogId: string) {
  const { page } = op;
  await page.getByRole('link', { name: /^New/ }).click();
  await listItem(page, dialogId).click();
  const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
  await pane.getByRole('button', { name: 'Take this dialog' }).click();
  const composer = pane.getByRole('combobox', { name: 'Reply to the visitor' });
  await composer.waitFor();
  return { pane, composer };
}

describeBrowser('console: templates, files, tags and the resolved search', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    op = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('templates: created in settings, offered after "." and found by words in their text', async () => {
    const { page } = op;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Templates' }).click();
    const form = page
      .locator('form')
      .filter({ has: page.getByLabel('Shortcut') })
      .last();
    await form.getByLabel('Title').fill('Delivery');
    await form.getByLabel('Text').fill('Delivery is free from 50 €');
    await form.getByLabel('Shortcut').fill('deliv');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('li.template').getByText('Delivery is free from 50 €').waitFor();
    await form.getByLabel('Title').fill('Returns');
    await form.getByLabel('Text').fill('You can return any item within 14 days');
    await form.getByLabel('Shortcut').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('li.template').getByText('within 14 days').waitFor();
    // The settings search asks the server (title and words in the text).
    await page.getByLabel('Search templates').fill('return');
    await expect.poll(() => page.locator('li.template').count()).toBe(1);

    const { v, dialogId } = await newDialog('How much is shipping?');
    const { pane, composer } = await openAndTake(dialogId);
    await composer.pressSequentially('Hello! .del');
    const menu = pane.getByRole('listbox', { name: 'Template shortcuts' });
    await menu.getByRole('option', { name: /Delivery/ }).waitFor();
    await composer.press('Enter');
    expect(await composer.inputValue()).toBe('Hello! Delivery is free from 50 €');
    expect(await menu.count()).toBe(0);
    await composer.press('Enter');
    await v.waitFor((f) => f.type === 'message.new' && f.message.text === 'Hello! Delivery is free from 50 €');

    await pane.getByRole('button', { name: 'Templates' }).click();
    const picker = pane.getByRole('dialog', { name: 'Templates' });
    await picker.getByRole('combobox').fill('14 days');
    await picker.getByRole('option').first().waitFor();
    expect(await picker.getByRole('option').count()).toBe(1);
    await picker.getByRole('combobox').press('Enter');
    expect(await composer.inputValue()).toBe('You can return any item within 14 days');
    expectClean(op);
    await v.close();
  });

  it('knowledge base: an article written in settings is linked from the composer by keyboard; drafts are not offered', async () => {
    const { page } = op;
    const draft = await owner.post('/api/v1/operator/help/articles', {
      locale: 'en',
      title: 'Refund policy (draft)',
      body: 'Not yet.',
      category: '',
      status: 'draft',
      position: 0,
    });
    expect(draft.status).toBe(201);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    const form = page.locator('form').filter({ has: page.getByLabel('Text (Markdown)') });
    await form.getByLabel('Title').fill('Refund rules');
    await form.getByLabel('Category').fill('Payments');
    await form.getByLabel('Language').selectOption('en');
    await form.getByLabel('Status').selectOption('published');
    await form.getByLabel('Text (Markdown)').fill('Refunds take **5 days**.');
    await form.getByRole('button', { name: 'Add article' }).click();
    const row = page.locator('ul.help-articles li').filter({ hasText: 'Refund rules' });
    await row.waitFor();
    const id = await row.getAttribute('data-id');
    expect(id).toBeTruthy();

    const { v, dialogId } = await newDialog('How do refunds work?');
    const { pane, composer } = await openAndTake(dialogId);
    await composer.fill('See');
    await pane.getByRole('button', { name: 'Insert an article link' }).click();
    const picker = pane.getByRole('dialog', { name: 'Insert an article link' });
    const search = picker.getByRole('combobox');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('refund');
    await picker.getByRole('option').first().waitFor();
    // Only the published one: the draft is not offered.
    expect(await picker.getByRole('option').allTextContents()).toEqual(['Refund rulesen · Payments']);
    await search.press('ArrowDown');
    await search.press('Enter');
    expect(await composer.inputValue()).toBe(`See Refund rules: ${srv.url}/help/demo/${id} `);
    expect(await picker.count()).toBe(0);
    expectClean(op);
    await v.close();
  });

  it('attaches a file with upload progress; the visitor receives it', async () => {
    const { v, dialogId } = await newDialog('Can you send me the invoice?');
    const { pane, composer } = await openAndTake(dialogId);
    const cdp = await op.context.newCDPSession(op.page);
    await cdp.send('Network.enable');
    // A slow uplink, so the progress bar can be seen.
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    await pane.locator('input.composer-file').setInputFiles({ name: 'invoice.png', mimeType: 'image/png', buffer: png(300, 300) });
    const progress = pane.getByRole('progressbar', { name: 'Uploading invoice.png' });
    await progress.waitFor();
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await progress.waitFor({ state: 'detached' });
    await composer.fill('Here it is');
    await composer.press('Enter');
    const got = await v.waitFor((f) => f.type === 'message.new' && f.message.author.kind === 'operator');
    expect(got.message.text).toBe('Here it is');
    expect(got.message.attachments).toHaveLength(1);
    expect(got.message.attachments[0]).toMatchObject({ name: 'invoice.png', kind: 'image', mime: 'image/png' });
    const sent = pane.locator(`article[data-message-id="${got.message.id}"]`);
    await sent.locator('img[alt="invoice.png"]').waitFor();
    // The download link is the server's file URL, and it works for the operator.
    const href = await sent.locator('a.file-link').getAttribute('href');
    expect(href).toContain('/api/v1/files/');
    const res = await op.page.request.get(href!);
    expect(res.status()).toBe(200);
    await cdp.detach();
    expectClean(op);
    await v.close();
  });

  it('tags dialogs and finds resolved ones by text, tag, rating and operator', async () => {
    const { page } = op;
    const a = await newDialog('I want a refund for order 77');
    const { pane } = await openAndTake(a.dialogId);
    const tagInput = pane.getByRole('textbox', { name: 'Add a tag' });
    await tagInput.fill('refund');
    await tagInput.press('Enter');
    await pane.locator('.tags-editor .tag', { hasText: 'refund' }).waitFor();
    await tagInput.fill('vip');
    await tagInput.press('Enter');
    await pane.locator('.tags-editor .tag', { hasText: 'vip' }).waitFor();
    await pane.getByRole('button', { name: 'Remove tag vip' }).click();
    await expect.poll(() => pane.locator('.tags-editor .tag').count()).toBe(1);
    await pane.locator('summary', { hasText: 'Close' }).click();
    await pane.getByRole('button', { name: 'Resolved', exact: true }).click();
    await pane.getByText('Closed: Resolved').waitFor();
    a.v.send({ type: 'rating.submit', clientId: clientId(), dialogId: a.dialogId, score: 5, comment: 'Great' });
    await pane.locator('.rating-comment').getByText('Great').waitFor();

    const b = await newDialog('Just saying hi');
    expect((await owner.post(`/api/v1/operator/dialogs/${b.dialogId}/close`, { status: 'spam' })).status).toBe(200);

    await page.getByRole('link', { name: /^Resolved/ }).click();
    await listItem(page, a.dialogId).waitFor();
    await listItem(page, b.dialogId).waitFor();
    await page.getByRole('searchbox', { name: /Search messages/ }).fill('refund');
    await expect.poll(() => listItem(page, b.dialogId).count()).toBe(0);
    expect(await listItem(page, a.dialogId).count()).toBe(1);
    await page.getByRole('searchbox', { name: /Search messages/ }).fill('');
    await listItem(page, b.dialogId).waitFor();

    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByLabel('Tag', { exact: true }).fill('refund');
    await page.getByLabel('Tag', { exact: true }).press('Tab');
    await expect.poll(() => listItem(page, b.dialogId).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await listItem(page, b.dialogId).waitFor();
    await page.getByLabel('Rating', { exact: true }).selectOption('5');
    await expect.poll(() => listItem(page, b.dialogId).count()).toBe(0);
    expect(await listItem(page, a.dialogId).count()).toBe(1);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await listItem(page, b.dialogId).waitFor();
    // A period that ended before today finds nothing.
    await page.getByLabel('To', { exact: true }).fill('2020-01-01');
    await expect.poll(() => listItem(page, a.dialogId).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Operator', { exact: true }).selectOption({ label: 'Demo Owner' });
    await listItem(page, a.dialogId).waitFor();
    expectClean(op);
    await a.v.close();
    await b.v.close();
  });
});
