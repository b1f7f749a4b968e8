import { expect, it } from 'vitest';
import { OperatorRoutes } from '@parley/protocol';
import { openOperatorSocket } from '../../packages/server/test/harness';
import { describeBrowser } from '../browser-helper';
import { configure, dialogWith, embedFile, isEmbedFile, messages, openChat, openTab, panel, reply, say, timeline, useEnv } from './widget-support';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describeBrowser('widget: the conversation', () => {
  const env = useEnv();

  it('shows operator edits, deletions, typing and read marks live', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/live');
    await openChat(page);
    await say(page, 'Проверка живых событий');
    const d = await dialogWith(env.owner, 'Проверка живых событий');
    const ops = await openOperatorSocket(env.srv.url, env.owner);
    try {
      ops.send({ type: 'typing.update', dialogId: d.id, typing: true });
      await expect.poll(() => page.locator('parley-widget .ty').innerText(), { timeout: 10_000 }).toMatch(/is typing…$/);
      await reply(env.owner, d.id, 'Опечатка тут');
      await expect.poll(() => page.locator('parley-widget .ty').innerText()).toBe('');
      await expect.poll(() => messages(page).innerText()).toContain('Опечатка тут');

      const m = (await timeline(env.owner, d.id)).messages.find((x) => x.text === 'Опечатка тут');
      expect(m).toBeDefined();
      const edited = await env.owner.patch(OperatorRoutes.message(d.id, m?.id ?? ''), { text: 'Исправлено' });
      expect(edited.status).toBe(200);
      await expect.poll(() => messages(page).innerText()).toContain('Исправлено');
      expect(await messages(page).innerText()).toContain('edited');
      expect(await messages(page).innerText()).not.toContain('Опечатка тут');
      const deleted = await env.owner.delete(OperatorRoutes.message(d.id, m?.id ?? ''));
      expect(deleted.status).toBe(200);
      await expect.poll(() => messages(page).innerText()).toContain('Message deleted');
      expect(await messages(page).innerText()).not.toContain('Исправлено');

      // The operator reads the visitor's message: it is marked read.
      const seq = (await timeline(env.owner, d.id)).cursor;
      await env.owner.post(OperatorRoutes.read(d.id), { seq });
      await expect
        .poll(
          () =>
            messages(page)
              .getByText(/· Read$/)
              .count(),
          { timeout: 10_000 },
        )
        .toBe(1);
    } finally {
      await ops.close();
    }
    // A visitor who only chats loads the chat chunk and one locale's texts: none of the views loaded on
    // need (forms, rating, image viewer, Help, calls). "A chatting visitor" in `npm run size` counts this.
    const chunks = tab.requests.map(embedFile).filter(Boolean);
    expect([...new Set(chunks)].sort()).toEqual(['chat', 'loader', 'texts-en']);
    await tab.context.close();
  });

  it('uploads an image, and refuses a file over its kind’s limit before uploading', async () => {
    await configure(env.owner, { attachments: { enabled: true, limits: { image: 1024, video: 16 << 20, audio: 16 << 20, document: 100 << 20 } } });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/files');
    await openChat(page);
    const picker = page.locator('parley-widget input[type=file]');
    // The picker's accept list comes with the files' code, asked for when the visitor points at the button.
    const attachChunk = () => tab.requests.filter((u) => isEmbedFile(u, 'attach'));
    expect(attachChunk()).toEqual([]);
    await panel(page).getByRole('button', { name: 'Attach a file' }).hover();
    await expect.poll(() => picker.getAttribute('accept')).toContain('image/png');
    expect((await picker.getAttribute('accept'))?.split(',')).toEqual(expect.arrayContaining(['application/pdf', '.docx', '.heic']));
    expect(attachChunk()).toHaveLength(1);

    // Too large for an image (limit 1 KB here): refused with the protocol's text, nothing uploaded.
    const uploads: string[] = [];
    page.on('request', (r) => r.url().includes('/widget/uploads') && uploads.push(r.url()));
    await picker.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(2048, 1) });
    await expect.poll(() => panel(page).getByRole('alert').innerText()).toBe('big.png: The file is too large (1 KB at most). Your message was not delivered.');
    await picker.setInputFiles({ name: 'run.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expect.poll(() => panel(page).getByRole('alert').innerText()).toContain('This file type is not supported');
    expect(uploads).toEqual([]);

    await picker.setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => panel(page).getByRole('button', { name: 'Remove dot.png' }).isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => page.locator('parley-widget .ch').innerText()).not.toContain('Uploading');
    await say(page, 'Фото окна');
    const d = await dialogWith(env.owner, 'Фото окна');
    const m = (await timeline(env.owner, d.id)).messages.find((x) => x.text === 'Фото окна');
    expect(m?.attachments.map((a) => [a.name, a.kind])).toEqual([['dot.png', 'image']]);
    // The visitor sees the image from the server's signed URL.
    await expect.poll(() => messages(page).getByRole('img', { name: 'dot.png' }).count(), { timeout: 10_000 }).toBe(1);
    const loaded = await messages(page)
      .getByRole('img', { name: 'dot.png' })
      .evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
    expect(loaded).toBe(1);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });

  it('in a hidden tab: the title blinks on a reply, and stops (title restored) once the tab is visible', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Headless pages are always visible: emulate the Page Visibility API the widget reads.
    await page.addInitScript(() => {
      let hidden = false;
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
      (window as unknown as { setHidden: (h: boolean) => void }).setHidden = (h) => {
        hidden = h;
        document.dispatchEvent(new Event('visibilitychange'));
      };
    });
    await tab.shop('/blink');
    await openChat(page);
    await say(page, 'Жду ответа в другой вкладке');
    const d = await dialogWith(env.owner, 'Жду ответа в другой вкладке');
    const titles: string[] = [];
    await page.exposeFunction('sawTitle', (t: string) => titles.push(t));
    await page.evaluate(() => {
      new MutationObserver(() => (window as unknown as { sawTitle: (t: string) => void }).sawTitle(document.title)).observe(
        document.querySelector('title') as Node,
        { childList: true, subtree: true, characterData: true },
      );
      (window as unknown as { setHidden: (h: boolean) => void }).setHidden(true);
    });
    await reply(env.owner, d.id, 'Ответ пришёл');
    await expect.poll(() => titles.filter((t) => t === 'New message').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(titles).toContain('Shop');
    // Panel open but tab hidden: not read yet.
    expect(await page.locator('parley-widget .b').innerText()).toBe('1');
    await page.evaluate(() => (window as unknown as { setHidden: (h: boolean) => void }).setHidden(false));
    await expect.poll(() => page.title()).toBe('Shop');
    const settled = titles.length;
    await page.waitForTimeout(1500);
    expect(titles.length).toBe(settled);
    await expect.poll(() => page.locator('parley-widget .b').isVisible()).toBe(false);
    await tab.context.close();
  });

  it('shows operator texts from the project settings and the visitor’s language', async () => {
    await configure(env.owner, { texts: { defaultLocale: 'ru', overrides: { ru: { 'chat.greeting': 'Добро пожаловать в «Окна»!' } } } });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/ru');
    await page.locator('parley-widget .l').click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => messages(page).innerText()).toContain('Добро пожаловать в «Окна»!');
    expect(await page.getByRole('textbox', { name: 'Напишите сообщение…' }).isVisible()).toBe(true);
    await tab.context.close();
  });
});
