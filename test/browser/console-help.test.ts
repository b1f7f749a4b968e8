import { expect, it } from 'vitest';
import { describeBrowser } from '../browser-helper';
import { clientId, createOperator, loginOperator, openVisitorSocket, sendMessage } from '../../packages/server/test/harness';
import { png } from '../../packages/server/test/fixtures';
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
  it('article images: a button, a paste and a drop each upload through the file rules and insert Markdown; the public page shows them', async () => {
    const { page } = env.op;
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('button', { name: 'New article' }).click();
    await page.getByLabel('Title').fill('Pictured steps');
    const body = page.getByLabel('Text (Markdown)');
    await body.fill('Step one:');
    // The button's file picker.
    await page.getByTestId('article-image').setInputFiles({ name: 'step-one.png', mimeType: 'image/png', buffer: png(40, 30) });
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toMatch(/^Step one:\n\n!\[step-one\]\(\/api\/v1\/help\/demo\/files\/[\w-]+\)\n\n$/);
    // A paste, then a drop, of image files into the text.
    const b64 = (w: number, h: number) => png(w, h).toString('base64');
    const dispatch = (kind: 'paste' | 'drop', name: string, data: string) =>
      body.evaluate(
        (el, [kind, name, data]) => {
          const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
          const dt = new DataTransfer();
          dt.items.add(new File([bytes], name, { type: 'image/png' }));
          (el as HTMLTextAreaElement).focus();
          const ev =
            kind === 'paste'
              ? new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true })
              : new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true });
          el.dispatchEvent(ev);
        },
        [kind, name, data] as const,
      );
    await dispatch('paste', 'pasted.png', b64(20, 20));
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toContain('![pasted](');
    await dispatch('drop', 'dropped.png', b64(10, 12));
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toContain('![dropped](');
    // What the file rules refuse is said, and inserts nothing.
    const before = await body.inputValue();
    await page.getByTestId('article-image').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
    await expect.poll(() => page.locator('.article-body [role=alert]').count(), { timeout: 10_000 }).toBe(1);
    expect(await body.inputValue()).toBe(before);

    // Preview: the text as readers get it, rendered by the server's Markdown renderer (the widget's
    // tree, the same image policy); raw HTML in the text stays text, nothing runs (the console's
    // CSP and Trusted Types would report any innerHTML), an outside image shows as its address.
    await body.fill(
      `${before}## Before you start\n\nPress **Start**, see [the shop](https://shop.example/help).\n\n<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>\n\n![cdn](https://cdn.example/a.png) ![http](http://example.com/b.png)`,
    );
    await page.getByRole('tab', { name: 'Preview' }).click();
    const preview = page.getByRole('tabpanel', { name: 'Preview' });
    await expect.poll(() => preview.locator('h2, h3').allInnerTexts(), { timeout: 10_000 }).toEqual(['Before you start']);
    expect(await body.isVisible()).toBe(false);
    expect(await preview.locator('strong').innerText()).toBe('Start');
    expect(await preview.getByRole('link', { name: 'the shop' }).getAttribute('href')).toBe('https://shop.example/help');
    expect(await preview.innerText()).toContain('<img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>');
    expect(await preview.locator('script, [onerror]').count()).toBe(0);
    expect(await preview.locator('.article-outside-image').innerText()).toBe('cdn (https://cdn.example/a.png)');
    const previewImgs = preview.locator('img');
    await expect
      .poll(
        () =>
          previewImgs.evaluateAll((els) =>
            els.map((e) => [(e as HTMLImageElement).alt, (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth]),
          ),
        {
          timeout: 10_000,
        },
      )
      .toEqual([
        ['step-one', 40],
        ['pasted', 20],
        ['dropped', 10],
      ]);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    // Back to Write: the text is as it was, and editable.
    await page.getByRole('tab', { name: 'Write' }).click();
    expect(await preview.count()).toBe(0);
    expect(await body.inputValue()).toContain('## Before you start');
    await body.fill(before);

    await page.getByLabel('Status').selectOption('published');
    await page.getByRole('button', { name: 'Add article' }).click();
    const owner = await loginOperator(env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
    let article: { id: string; body: string } | undefined;
    await expect
      .poll(
        async () => {
          article = (await owner.get('/api/v1/operator/help/articles')).body.articles.find((a: { title: string }) => a.title === 'Pictured steps');
          return article?.body.match(/!\[/g)?.length ?? 0;
        },
        { timeout: 10_000 },
      )
      .toBe(3);
    // The public help page shows all three, loaded from our server.
    const pub = await env.browser.newPage();
    try {
      await pub.goto(`${env.srv.url}/help/demo/${article!.id}`);
      const imgs = pub.locator('article img');
      await expect.poll(() => imgs.count(), { timeout: 10_000 }).toBe(3);
      await expect
        .poll(() => imgs.evaluateAll((els) => els.map((e) => (e as HTMLImageElement).complete && (e as HTMLImageElement).naturalWidth)), { timeout: 10_000 })
        .toEqual([40, 20, 10]);
    } finally {
      await pub.close();
    }
    // The browser logs the refused upload itself (415); nothing else went wrong.
    expect(env.op.problems.consoleErrors.filter((e) => !/status of 415/.test(e))).toEqual([]);
    expect(env.op.problems.pageErrors).toEqual([]);
    expect(env.op.problems.cspViolations).toEqual([]);
  });
});
