import { expect, it } from 'vitest';
import { OperatorRoutes } from '@parley/protocol';
import { openOperatorSocket } from '../../packages/server/test/harness';
import { describeBrowser } from '../browser-helper';
import { composer, configure, detail, dialogWith, embedFile, launcher, openChat, openTab, panel, say, useEnv, widgetState } from './widget-support';

/** Issue 13, bugs 3, 4, 5 and 7: each test failed before its fix. */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** WCAG contrast of two CSS colours as the browser computes them (`rgb(r, g, b)`). */
function ratio(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number) as [number, number, number];
    return [r, g, bl].reduce((s, v, i) => {
      const x = v / 255;
      return s + (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4) * ([0.2126, 0.7152, 0.0722][i] as number);
    }, 0);
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

describeBrowser('widget: fixes of issue 13', () => {
  const env = useEnv();

  it('bug 3: a single-page app route reaches the operator with its own title, not the previous one', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    // Like React or Vue: the route changes first, the title when the new view has rendered.
    await tab.shop('/spa', {
      body: `<nav><a href="/spa/catalog" data-title="Catalog">Catalog</a> <a href="/spa/contacts" data-title="Contacts">Contacts</a></nav>
<script>
document.querySelector('nav').addEventListener('click', function (e) {
  var a = e.target.closest('a'); if (!a) return; e.preventDefault();
  history.pushState(null, '', a.getAttribute('href'));
  setTimeout(function () { document.title = a.dataset.title; }, 60);
});
</script>`,
    });
    await openChat(page);
    await say(page, 'Question from the SPA');
    const d = await dialogWith(env.owner, 'Question from the SPA');
    await panel(page).getByRole('button', { name: 'Close chat' }).click();
    await page.getByRole('link', { name: 'Catalog' }).click();
    await expect.poll(() => page.title()).toBe('Catalog');
    await page.getByRole('link', { name: 'Contacts' }).click();
    await expect.poll(() => page.title()).toBe('Contacts');
    const pages = async () => (await detail(env.owner, d.id)).pages.filter((p) => p.url.includes('/spa/')).map((p) => [new URL(p.url).pathname, p.title]);
    await expect.poll(pages, { timeout: 10_000 }).toEqual(
      expect.arrayContaining([
        ['/spa/catalog', 'Catalog'],
        ['/spa/contacts', 'Contacts'],
      ]),
    );
    expect(await pages()).toHaveLength(2);
    await tab.context.close();
  });

  it('bug 4: the full-screen panel on a phone keeps the focus inside while it is open (aria-modal)', async () => {
    const tab = await openTab(env, 'mobile');
    const { page } = tab;
    await tab.shop('/modal', { body: '<p><a href="#one">One</a> <button>Page button</button> <input aria-label="Page field"></p>' });
    await openChat(page);
    await expect(panel(page).getAttribute('aria-modal')).resolves.toBe('true');
    const inside = () =>
      page.evaluate(() => {
        const host = document.querySelector('parley-widget');
        const active = host?.shadowRoot?.activeElement;
        return document.activeElement === host && !!active && !!host?.shadowRoot?.getElementById('parley-panel')?.contains(active);
      });
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      expect(await inside(), `after Tab #${i + 1}`).toBe(true);
    }
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await inside(), `after Shift+Tab #${i + 1}`).toBe(true);
    }
    // A script of the page moving the focus behind the dialog does not take it out either.
    await page.evaluate(() => document.querySelector<HTMLInputElement>('input[aria-label="Page field"]')?.focus());
    await expect.poll(inside).toBe(true);
    await tab.context.close();
  });

  it('bug 5: the operator sees the whole draft as it is typed, and the last one when typing stops', async () => {
    const ops = await openOperatorSocket(env.srv.url, env.owner);
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/draft');
    await openChat(page);
    await say(page, 'First message');
    await dialogWith(env.owner, 'First message');
    const text = 'I would like three windows for the kitchen';
    await composer(page).pressSequentially(text, { delay: 25 });
    const drafts = () => ops.frames.filter((f) => f.type === 'typing.update' && typeof f.draft === 'string').map((f) => f.draft as string);
    await expect.poll(() => drafts().at(-1), { timeout: 5000 }).toBe(text);
    // More than the first character on the way, yet far fewer frames than keystrokes.
    expect(drafts().filter((d) => d.length > 1 && d.length < text.length).length).toBeGreaterThan(0);
    expect(drafts().length).toBeLessThan(text.length / 2);
    await ops.close();
    await tab.context.close();
  });

  it('bug 7: offline form text is not bold, and closing gives the page its own overflow back', async () => {
    await configure(env.owner, {
      offlineForm: { enabled: true, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: false },
    });
    const r = await env.owner.patch(OperatorRoutes.me, { status: 'offline' });
    expect(r.status).toBe(200);
    try {
      const tab = await openTab(env, 'mobile');
      const { page } = tab;
      await tab.shop('/overflow');
      await openChat(page);
      const field = panel(page).getByLabel('Message');
      await field.fill('Typed text');
      expect(await field.evaluate((el) => getComputedStyle(el).fontWeight)).toBe('400');
      // The page changes its own overflow while the full-screen chat is open: closing leaves it be.
      await expect.poll(() => page.evaluate(() => document.body.style.overflow)).toBe('hidden');
      await page.evaluate(() => document.body.style.setProperty('overflow', 'scroll'));
      await panel(page).getByRole('button', { name: 'Close chat' }).click();
      await expect.poll(() => panel(page).isVisible()).toBe(false);
      expect(await page.evaluate(() => document.body.style.overflow)).toBe('scroll');
      await tab.context.close();
    } finally {
      await env.owner.patch(OperatorRoutes.me, { status: 'online' });
    }
  });

  it('bug 7: a broken image attachment shows as a file tile on one line, not its alt text one letter per line', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/broken');
    await openChat(page);
    // The image's link has expired (or the file is gone): every download fails.
    await page.route('**/api/v1/files/**', (route) => route.fulfill({ status: 404, body: '' }));
    await panel(page).locator('input[type=file]').setInputFiles({ name: 'photo-of-the-window.png', mimeType: 'image/png', buffer: PNG });
    await expect.poll(() => panel(page).getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    await composer(page).press('Enter');
    const tile = panel(page).getByRole('log').locator('.fi', { hasText: 'photo-of-the-window.png' });
    await expect.poll(() => tile.count(), { timeout: 10_000 }).toBe(1);
    const box = await tile.boundingBox();
    expect(box?.height ?? 0).toBeLessThan(40);
    expect(box?.width ?? 0).toBeGreaterThan(120);
    await tab.context.close();
  });

  it('bug 7: with a light brand colour the send icon, links and focus rings stay visible', async () => {
    await configure(env.owner, { appearance: { color: '#fde68a', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'light' } });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/light');
    await openChat(page);
    await composer(page).fill('Hello');
    const send = panel(page).getByRole('button', { name: 'Send' });
    const colors = await send.evaluate((el) => {
      const bg = getComputedStyle(el.closest('.p') as Element).backgroundColor;
      (el as HTMLElement).focus();
      return { icon: getComputedStyle(el).color, bg };
    });
    expect(ratio(colors.icon, colors.bg)).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('Shift+Tab');
    const ring = await composer(page).evaluate((el) => ({
      outline: getComputedStyle(el).outlineColor,
      bg: getComputedStyle(el.closest('.p') as Element).backgroundColor,
    }));
    expect(ratio(ring.outline, ring.bg)).toBeGreaterThanOrEqual(3);
    // The header reads well too (axe: subtitle and avatar initials).
    const header = await panel(page)
      .locator('.hd')
      .evaluate((el) => ({
        bg: getComputedStyle(el).backgroundColor,
        sub: getComputedStyle(el.querySelector('p') as Element).color,
        opacity: getComputedStyle(el.querySelector('p') as Element).opacity,
      }));
    expect(header.opacity).toBe('1');
    expect(ratio(header.sub, header.bg)).toBeGreaterThanOrEqual(4.5);
    await tab.context.close();
  });

  it('bug 7: keeps clear of the notch and the home indicator (safe-area insets)', async () => {
    const tab = await openTab(env, 'mobile');
    const { page } = tab;
    const cdp = await tab.context.newCDPSession(page);
    await cdp.send('Emulation.setSafeAreaInsetsOverride' as never, { insets: { top: 47, bottom: 34, left: 0, right: 0 } } as never);
    await tab.shop('/notch');
    await expect.poll(() => widgetState(page)).toBe('closed');
    const gap = await launcher(page).evaluate((el) => innerHeight - el.getBoundingClientRect().bottom);
    expect(gap).toBeGreaterThanOrEqual(20 + 34);
    await openChat(page);
    const top = await panel(page)
      .locator('h2')
      .evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(47);
    const composerBottom = await composer(page).evaluate((el) => innerHeight - el.getBoundingClientRect().bottom);
    expect(composerBottom).toBeGreaterThanOrEqual(34);
    await tab.context.close();
  });

  it('bug 7: a CSP without the socket origin says why the chat cannot connect, instead of "Connecting…" forever', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    // Scripts and requests to the chat server are allowed; the WebSocket (ws:) is not (an http: source does not cover it).
    await tab.shop('/csp', {
      csp: `default-src 'self'; script-src 'self' 'unsafe-inline' ${env.srv.url}; connect-src 'self' ${env.srv.url}`,
    });
    await openChat(page);
    await expect.poll(() => panel(page).getByRole('alert').innerText(), { timeout: 10_000 }).toContain('security settings block it');
    expect(await panel(page).getByText('Connecting…').count()).toBe(0);
    expect(warnings.some((w) => w.includes('Content-Security-Policy') && w.includes('connect-src'))).toBe(true);
    await tab.context.close();
  });

  it('bug 7: HEAD /widget.js answers the length of the body GET sends', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/head');
    const lengths = await page.evaluate(async (url) => {
      const head = await fetch(url, { method: 'HEAD', cache: 'no-store' });
      const get = await fetch(url, { cache: 'no-store' });
      return { head: head.headers.get('content-length'), get: get.headers.get('content-length'), encoding: get.headers.get('content-encoding') };
    }, `${env.srv.url}/widget.js`);
    expect(Number(lengths.head)).toBeGreaterThan(0);
    expect(lengths.head).toBe(lengths.get);
    await tab.context.close();
  });
  it('a press on the launcher while the chat and its texts arrive still opens the chat on release', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/press');
    const box = await launcher(page).boundingBox();
    if (!box) throw new Error('no launcher');
    const texts = page.waitForResponse((r) => /^texts-[a-z]{2}$/.test(embedFile(r.url()) ?? ''));
    // Hovering starts loading the chat; the button is pressed while its code and texts arrive.
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await texts;
    await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
    await page.mouse.up();
    // The launcher swapped its icon under the pointer when the texts arrived: no click, no panel.
    await expect.poll(() => panel(page).isVisible(), { timeout: 10_000 }).toBe(true);
    await tab.context.close();
  });
});
