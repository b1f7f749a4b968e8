import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  clientId,
  createOperator,
  loginOperator,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  sign,
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

const settings = async () => (await owner.get('/api/v1/operator/project')).body.settings;

describeBrowser('console: profile, settings and requests', () => {
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

  it('the online switch is followed live by the widgets', async () => {
    const { page } = op;
    const v = await openVisitorSocket(srv.url, { device: OPERA });
    const welcome = await v.welcome;
    expect(welcome.presence.operatorsOnline).toBe(true);
    const sw = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('switch');
    expect(await sw.getAttribute('aria-checked')).toBe('true');
    await sw.click();
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === false);
    await expect.poll(() => sw.getAttribute('aria-checked')).toBe('false');
    await sw.click();
    await v.waitFor((f) => f.type === 'presence.update' && f.operatorsOnline === true);
    expectClean(op);
    await v.close();
  });

  it('profile: name, avatar checked for size, language', async () => {
    const { page } = op;
    await page.getByRole('link', { name: /Demo Owner/ }).click();
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Olga');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByRole('status').getByText('Saved.').first().waitFor();
    expect((await owner.get('/api/v1/operator/me')).body.operator.name).toBe('Olga');

    const file = page.locator('#avatar-file');
    await file.setInputFiles({ name: 'wide.png', mimeType: 'image/png', buffer: png(300, 200) });
    await page
      .getByRole('alert')
      .getByText(/square PNG or JPG/)
      .waitFor();
    expect((await owner.get('/api/v1/operator/me')).body.operator.avatarUrl).toBeNull();
    await file.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(240, 240) });
    await page.locator('.avatar-form img.avatar').waitFor();
    expect((await owner.get('/api/v1/operator/me')).body.operator.avatarUrl).toMatch(/^\/api\/v1\/avatars\//);

    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('link', { name: /^Новые/ }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    await page.reload();
    await page.getByRole('link', { name: /^Новые/ }).waitFor();
    await page.getByLabel('Язык').selectOption('fr');
    await page.getByRole('link', { name: /^Nouvelles/ }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('link', { name: /^New/ }).waitFor();
    expectClean(op);
  });

  it('operators: add, edit, remove; only the owner makes admins', async () => {
    const { page } = op;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Operators', level: 3 }).waitFor();
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Add operator' }) });
    await form.getByLabel('Name').fill('Nina');
    await form.getByLabel('Email').fill('nina@example.com');
    // Too short a password never leaves the form (the browser's own validation).
    await form.getByLabel('Password').fill('short');
    await form.getByRole('button', { name: 'Add operator' }).click();
    expect(await form.getByLabel('Password').evaluate((el) => (el as HTMLInputElement).validity.tooShort)).toBe(true);
    await form.getByLabel('Password').fill('nina-password-1');
    await form.getByLabel('Role').selectOption('admin');
    await form.getByRole('button', { name: 'Add operator' }).click();
    await form.getByText('Operator added.').waitFor();
    const row = page.locator('tr', { hasText: 'nina@example.com' });
    await row.getByText('Administrator').waitFor();

    await row.getByRole('button', { name: 'Edit Nina' }).click();
    const edit = page.locator('tr form');
    await edit.getByLabel('Name').fill('Nina K.');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr', { hasText: 'Nina K.' }).waitFor();
    const list = (await owner.get('/api/v1/operator/operators')).body.operators as { name: string; role: string }[];
    expect(list.find((o) => o.name === 'Nina K.')?.role).toBe('admin');

    // An admin may add operators but not admins.
    const nina = await openConsole(browser, srv.url, 'nina@example.com', 'nina-password-1');
    await nina.page.getByRole('link', { name: 'Settings' }).click();
    const ninaRole = nina.page
      .locator('form')
      .filter({ has: nina.page.getByRole('button', { name: 'Add operator' }) })
      .getByLabel('Role');
    await ninaRole.waitFor();
    const roles = await ninaRole.locator('option').allTextContents();
    expect(roles).toEqual(['Operator']);
    await nina.page.getByText('Only the project owner can make administrators.').waitFor();
    expectClean(nina);
    await nina.context.close();

    const rowNow = page.locator('tr', { hasText: 'Nina K.' });
    await rowNow.getByRole('button', { name: 'Remove Nina K.' }).click();
    await rowNow.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect.poll(() => page.locator('tr', { hasText: 'Nina K.' }).count()).toBe(0);
    expectClean(op);
  });

  it('project settings: working hours, offline form, page filter, look, CRM fields, multiwidget, texts', async () => {
    const { page } = op;
    await page.getByRole('link', { name: 'Working hours' }).click();
    const always = page.getByLabel('Show at any time');
    expect(await always.isChecked()).toBe(true);
    await always.uncheck();
    await page.getByRole('group', { name: 'Saturday' }).getByRole('button', { name: 'Add hours' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const s1 = await settings();
    expect(s1.schedule.alwaysOn).toBe(false);
    expect(s1.schedule.days.sat).toEqual([{ from: '09:00', to: '18:00' }]);

    await page.getByRole('link', { name: 'Pages and devices' }).click();
    await page.getByLabel('Use page filter').check();
    const rules = page.getByLabel('Pages', { exact: true });
    await rules.fill('shop.example.com/*\n!!/checkout');
    await page.getByText('one “!” is enough').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').getByText('Fix the page filter first.').waitFor();
    expect((await settings()).pageFilter.enabled).toBe(false);
    await rules.fill('shop.example.com/*\n!/checkout');
    await page.getByLabel('Mobile').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    const s2 = await settings();
    expect(s2.pageFilter).toEqual({ enabled: true, rules: 'shop.example.com/*\n!/checkout' });
    expect(s2.devices).toEqual(['mobile']);

    await page.getByRole('link', { name: 'Offline form' }).click();
    await page.getByLabel('Phone', { exact: true }).selectOption('required');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await settings()).offlineForm.fields.phone).toBe('required');

    await page.getByRole('link', { name: 'Widget', exact: true }).click();
    const look = page.locator('form', { hasText: 'Appearance' });
    await look.getByLabel('Position').selectOption('bottom-left');
    await look.getByRole('button', { name: 'Save' }).click();
    await look.getByText('Saved.').waitFor();
    expect((await settings()).appearance.position).toBe('bottom-left');
    const keep = page.locator('form', { hasText: 'Rating and history' });
    await keep.getByLabel('Keep history, days').fill('90');
    await keep.getByRole('button', { name: 'Save' }).click();
    await keep.getByText('Saved.').waitFor();
    expect((await settings()).retentionDays).toBe(90);

    await page.getByRole('link', { name: 'CRM fields' }).click();
    await page.getByRole('button', { name: 'Add field' }).click();
    await page.getByLabel('Field', { exact: true }).fill('source');
    await page.getByLabel('Value', { exact: true }).fill('chat');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await settings()).crmFields).toEqual([{ key: 'source', value: 'chat' }]);

    await page.getByRole('link', { name: 'Multiwidget' }).click();
    await page.getByLabel('Show the multiwidget').check();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const channel = page.locator('ol.channels > li').last();
    await channel.getByLabel('Kind').selectOption('telegram');
    await channel.getByLabel('Address').fill('parley_bot');
    await page.getByRole('button', { name: 'Save' }).last().click();
    await page.getByText('Saved.').waitFor();
    const mw = (await settings()).multiwidget;
    expect(mw.enabled).toBe(true);
    expect(mw.channels.at(-1)).toMatchObject({ kind: 'telegram', target: 'parley_bot' });

    await page.getByRole('link', { name: 'Texts and language' }).click();
    await page.getByLabel('Default language of the chat').selectOption('fr');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved.').waitFor();
    expect((await settings()).texts.defaultLocale).toBe('fr');
    expectClean(op);
  });

  it('identity: the keys (one per form) are shown on request; rotating keeps the previous ones accepted until they are revoked', async () => {
    const { page } = op;
    await page.getByRole('link', { name: 'Installation and identity' }).click();
    const before = await projectSecret(owner);
    expect(await page.getByText(before.hmac).count()).toBe(0);
    expect(await page.getByText(before.jwt).count()).toBe(0);
    // The keys' own toggle (aria-pressed): an admin's problem-alerts banner may show its own 'Show' too.
    await page.locator('button[aria-pressed]', { hasText: 'Show' }).click();
    await page.getByText(before.hmac, { exact: true }).waitFor();
    await page.getByText(before.jwt, { exact: true }).waitFor();
    await page.getByText(`data-project="demo"`, { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Rotate the keys' }).click();
    // The dialog says what happens, and nothing impossible ("deploy the new ones first").
    await page.getByText(/The current ones are kept as the previous keys and still accepted/).waitFor();
    await page.getByRole('button', { name: 'Rotate now' }).click();
    await page.getByText(/New keys created/).waitFor();
    const after = await projectSecret(owner);
    expect(after.hmac).not.toBe(before.hmac);
    expect(after.jwt).not.toBe(before.jwt);
    await page.locator('[data-secret="current"]').getByText(after.hmac, { exact: true }).waitFor();
    const previous = page.locator('[data-secret="previous"]');
    await previous.getByText('Signatures made with them are still accepted until you revoke them.').waitFor();
    // A visitor signed with the old keys still gets in.
    const v = await openVisitorSocket(srv.url, { identity: { id: 'user-rot', signature: sign(before, 'user-rot') } });
    expect((await v.welcome).visitor.kind).toBe('verified');
    await v.close();
    await previous.getByRole('button', { name: 'Revoke the previous keys' }).click();
    await page.getByText(/Revoked: signatures made with the previous keys are refused now/).waitFor();
    expect(await previous.count()).toBe(0);
    expect((await owner.get('/api/v1/operator/project')).body.secrets).toHaveLength(1);
    expectClean(op);
  });

  it('requests: offline form submissions arrive live and are marked done', async () => {
    const { page } = op;
    await page.getByRole('link', { name: /^Requests/ }).click();
    const v = await openVisitorSocket(srv.url, { device: OPERA });
    await v.welcome;
    const id = clientId();
    v.send({ type: 'offline_form.submit', clientId: id, name: 'Pavel', phone: '+7 900 123-45-67', email: 'pavel@example.com', message: 'Call me tomorrow' });
    const ack = await v.waitFor((f) => (f.type === 'request.ack' || f.type === 'session.error') && f.clientId === id);
    expect(ack).toMatchObject({ type: 'request.ack', kind: 'offline_form' });
    const lead = page.locator('li.lead', { hasText: 'Pavel' });
    await lead.waitFor();
    await page
      .getByRole('link', { name: /^Requests/ })
      .getByText('1')
      .waitFor();
    await lead.getByRole('button', { name: 'Mark as done' }).click();
    await expect.poll(() => page.locator('li.lead', { hasText: 'Pavel' }).count()).toBe(0);
    await page.getByLabel('Status').selectOption('done');
    await page.locator('li.lead', { hasText: 'Pavel' }).waitFor();
    expectClean(op);
    await v.close();
  });

  it('keyboard: arrows move through the list, Enter opens, focus lands in the composer', async () => {
    const { page } = op;
    const a = await openVisitorSocket(srv.url, { device: OPERA });
    await a.welcome;
    const first = (await sendMessage(a, 'first')).dialogId as string;
    const b = await openVisitorSocket(srv.url, { device: OPERA });
    await b.welcome;
    const second = (await sendMessage(b, 'second')).dialogId as string;
    for (const id of [first, second]) await owner.post(`/api/v1/operator/dialogs/${id}/take`, {});
    await page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(page, first).waitFor();
    await listItem(page, second).focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-dialog-id'))).toBe(first);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-dialog-id'))).toBe(second);
    await page.keyboard.press('Enter');
    const composer = page.locator(`section.pane[data-dialog-id="${second}"]`).getByRole('combobox', { name: 'Reply to the visitor' });
    await expect.poll(() => composer.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('typed without the mouse');
    await page.keyboard.press('Enter');
    await b.waitFor((f) => f.type === 'message.new' && f.message.text === 'typed without the mouse');
    expectClean(op);
    await a.close();
    await b.close();
  });
});

void createOperator;
