import { afterAll, beforeAll, expect, it } from 'vitest';
import { WidgetRoutes } from '@parley/protocol';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import {
  clientId,
  DEMO_PROJECT,
  loginOperator,
  openVisitorSocket,
  projectSecret,
  sendMessage,
  sign,
  startServer,
  uploadAsVisitor,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { png } from '../../packages/server/test/fixtures';
import { expectClean, expectWidgetClean, listItem, openConsole, openWidget, type ConsoleSession } from './console-support';

// Payloads that would run script or add markup if any visitor-controlled text became HTML.
const IMG = '<img src=x onerror=alert(1)>';
const SVG = '"><svg onload=alert(2)><script>alert(3)</script>';
const LINK = 'javascript:alert(4)';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let op: ConsoleSession;

/** Anything the payloads could have produced in the console's DOM. */
async function injected(s: ConsoleSession) {
  return s.page.evaluate(() => ({
    elements: document.querySelectorAll('img[src="x"], svg[onload], [onerror], [onload], iframe, object, embed, body script:not([src])').length,
    foreignScripts: [...document.scripts].filter((x) => !x.src.includes('/console/')).length,
    scriptLinks: document.querySelectorAll('a[href^="javascript:" i], a[href^="data:" i], a[href^="vbscript:" i]').length,
    alerts: (window as unknown as { __alerts: number }).__alerts,
  }));
}

describeBrowser('console: visitor-controlled text is inert', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    op = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    await op.page.evaluate(() => {
      const w = window as unknown as { __alerts: number };
      w.__alerts = 0;
      window.alert = () => {
        w.__alerts++;
      };
    });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('renders a transcript with an XSS payload in every visitor-controlled field as text (raw client: device names, script URLs, user id, leads)', async () => {
    const { page } = op;
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const secret = await projectSecret(owner);
    const userId = `"><img/src=x/onerror=alert(5)>`;
    const v = await openVisitorSocket(srv.url, {
      identity: { id: userId, signature: sign(secret, userId), name: IMG, email: SVG, phone: IMG },
      device: { type: 'desktop', browser: { name: IMG, version: '1.0' }, os: { name: SVG, version: '2' } },
      page: { url: LINK, title: IMG, referrer: LINK },
      params: { [IMG]: SVG, plain: IMG },
    });
    const welcome = await v.welcome;
    const ack = await sendMessage(v, `${IMG} ${SVG} https://example.com/"><b>x</b>`);
    const dialogId = ack.dialogId as string;

    // A file whose name is markup.
    const up = await uploadAsVisitor(srv.url, welcome.token, png(2, 2), { type: 'image/png', name: `${IMG}.png` });
    expect(up.status).toBe(201);
    const fileMsg = clientId();
    v.send({ type: 'message.send', clientId: fileMsg, text: '', attachments: [up.body.upload.id] });
    await v.waitFor((f) => f.type === 'message.ack' && f.clientId === fileMsg);
    v.send({ type: 'page.view', url: 'javascript:alert(6)', title: SVG });

    // The operator takes it; the next visitor message notifies them (a toast with visitor text).
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/take`, {})).status).toBe(200);
    await sendMessage(v, SVG);
    await page.locator(`.toast[data-dialog-id="${dialogId}"]`).waitFor();

    await page.getByRole('link', { name: /^Mine/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('article.msg-visitor').nth(2).waitFor();
    v.send({ type: 'typing.update', typing: true, draft: IMG });
    await pane.locator('.typing-draft').getByText(IMG, { exact: true }).waitFor();
    await pane.locator('.current-page').getByText(SVG).waitFor();
    // Issue 16's journey lists the pages before the first message in a second .page-list: the visited list by its name.
    await pane.getByRole('list', { name: 'Pages visited' }).getByText(IMG, { exact: true }).waitFor();

    // Closed and rated with a payload comment.
    expect((await owner.post(`/api/v1/operator/dialogs/${dialogId}/close`, { status: 'resolved' })).status).toBe(200);
    v.send({ type: 'rating.submit', clientId: clientId(), dialogId, score: 2, comment: IMG });
    await pane.locator('.rating-comment').getByText(IMG, { exact: true }).waitFor();

    // A callback request with payloads, listed under Requests.
    const cb = await fetch(srv.url + WidgetRoutes.callback(DEMO_PROJECT), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: clientId(), phone: '+7 900 000-00-00', name: IMG, preferredTime: SVG, page: LINK }),
    });
    expect(cb.status).toBe(201);

    // Everything shows literally...
    await pane.getByRole('heading', { name: IMG, level: 2 }).waitFor();
    const info = pane.getByRole('complementary', { name: 'Visitor information' });
    for (const text of [IMG, SVG, userId]) expect(await info.getByText(text, { exact: true }).count()).toBeGreaterThan(0);
    expect(await info.getByText(`${IMG} 1.0`, { exact: true }).count()).toBeGreaterThan(0);
    expect(await info.getByText(LINK, { exact: true }).count()).toBeGreaterThan(0);
    expect(await pane.locator('.msg-text').first().textContent()).toBe(`${IMG} ${SVG} https://example.com/"><b>x</b>`);
    expect(await pane.locator('.file-name').first().textContent()).toContain('<img');
    expect(await pane.locator('.msg-text a').first().getAttribute('href')).toBe('https://example.com/');
    expect(await pane.locator('.msg-text a').first().getAttribute('rel')).toContain('noopener');
    await pane.locator('.device').first().hover();
    expect(await pane.locator('.device').first().getByRole('tooltip').textContent()).toBe(`${IMG} 1.0`);
    // ...and nothing became markup, a script or a script link.
    expect(await injected(op)).toEqual({ elements: 0, foreignScripts: 0, scriptLinks: 0, alerts: 0 });

    await page.getByRole('link', { name: /^Requests/ }).click();
    const lead = page.locator('li.lead').first();
    await lead.getByText(IMG, { exact: true }).waitFor();
    expect(await lead.getByText(SVG, { exact: true }).count()).toBe(1);
    expect(await lead.getByText(LINK, { exact: true }).count()).toBe(1);

    await page.getByRole('link', { name: /^Resolved/ }).click();
    await listItem(page, dialogId).waitFor();
    expect(await listItem(page, dialogId).locator('.dialog-item-name').textContent()).toBe(IMG);

    expect(await injected(op)).toEqual({ elements: 0, foreignScripts: 0, scriptLinks: 0, alerts: 0 });
    expect(dialogs).toBe(0);
    expectClean(op);
    await v.close();
  });

  it('renders what a widget page sends (identity, params, page title, text, file name, draft, rating) as text', async () => {
    const { page } = op;
    const secret = await projectSecret(owner);
    const userId = 'xss-widget-user';
    const visitor = await openWidget(browser, srv.url, {
      beforeOpen: async (p) => {
        await p.evaluate(
          ({ id, signature, img, svg }) => {
            const parley = (window as unknown as { parley: (...args: unknown[]) => unknown }).parley;
            parley('setCustomParams', { [img]: svg, note: img });
            document.title = svg;
            return parley('identify', { id, signature, name: img, email: svg, phone: img });
          },
          { id: userId, signature: sign(secret, userId), img: IMG, svg: SVG },
        );
      },
    });
    const { panel } = visitor;
    const text = `${IMG} ${SVG}`;
    const dialogId = await visitor.write(text);
    await panel.locator('input[type="file"]').setInputFiles({ name: `${IMG}.png`, mimeType: 'image/png', buffer: png(3, 3) });
    await panel
      .getByRole('button', { name: 'Send' })
      .click()
      .catch(() => undefined);
    await visitor.waitFrame((f) => f.type === 'message.new' && f.message.attachments.length > 0);

    await page.getByRole('link', { name: /^New/ }).click();
    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.getByRole('button', { name: 'Take this dialog' }).click();
    await pane.getByRole('heading', { name: IMG, level: 2 }).waitFor();
    await panel.getByRole('textbox', { name: 'Write a message…' }).pressSequentially(SVG);
    await pane.locator('.typing-draft').waitFor();
    expect(SVG.startsWith((await pane.locator('.typing-draft').textContent()) ?? 'x')).toBe(true);

    await pane.locator('summary', { hasText: 'Close' }).click();
    await pane.getByRole('button', { name: 'Resolved', exact: true }).click();
    await panel.getByText('How was the conversation?').waitFor();
    await panel.locator('label', { hasText: '2 out of 5' }).click();
    await panel.getByRole('textbox', { name: 'Comment (optional)' }).fill(IMG);
    await panel.getByRole('button', { name: 'Send rating' }).click();
    await pane.locator('.rating-comment').getByText(IMG, { exact: true }).waitFor();

    const info = pane.getByRole('complementary', { name: 'Visitor information' });
    for (const t of [IMG, SVG]) expect(await info.getByText(t, { exact: true }).count()).toBeGreaterThan(0);
    await info.locator('.current-page').getByText(SVG, { exact: true }).waitFor();
    expect(await pane.locator('.msg-text').first().textContent()).toBe(text);
    expect(await pane.locator('.file-name').first().textContent()).toBe(`${IMG}.png`);
    expect(await injected(op)).toEqual({ elements: 0, foreignScripts: 0, scriptLinks: 0, alerts: 0 });
    expectClean(op);
    expectWidgetClean(visitor);
    await visitor.context.close();
  });
});
