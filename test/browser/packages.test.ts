/**
 * The packages the way developers consume them: `npm pack` of widget, multiwidget, react and vue,
 * the tarballs installed into fresh apps (Vite 8 + React 19 under StrictMode, Vite 8 + Vue 3.5 with
 * the plugin and with <ParleyChat>, and a React page rendered on the server and hydrated), each
 * type-checked and built, then driven in Chromium against a real Parley server: the launcher
 * appears, a message reaches the operator, a reply reaches useParley(), unmount removes everything.
 */
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { installFixtures, packAll, tool } from '../packages/pack';
import { dialogWith, launcher, openTab, panel, reply, startEnv, timeline, type Env, type Tab } from './widget-support';

const run = promisify(execFile);
const APPS = ['react', 'vue', 'ssr'] as const;
/** What the apps themselves install, at the repo's locked versions. */
const APP_DEPS = [
  'react',
  'react-dom',
  '@types/react',
  '@types/react-dom',
  'vue',
  'vite',
  '@vitejs/plugin-react',
  '@vitejs/plugin-vue',
  'typescript',
  'vue-tsc',
];
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css' };

/** Serves the built apps: /react/ and /vue/ (static), /ssr/ (rendered per request by the app's server build). */
function hostApps(dir: string, render: (server: string) => Promise<string>, chatServer: string): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [, app, ...rest] = url.pathname.split('/');
    void (async () => {
      if (app === 'ssr' && rest.join('/') === '') {
        const html = await render(chatServer);
        const page =
          `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SSR fixture</title></head><body>` +
          `<div id="root" data-server="${chatServer}">${html}</div><script type="module" src="/ssr/client.js"></script></body></html>`;
        res.writeHead(200, { 'Content-Type': TYPES['.html']! }).end(page);
        return;
      }
      if (url.pathname === '/favicon.ico') return void res.writeHead(204).end();
      if (!app || !(APPS as readonly string[]).includes(app)) return void res.writeHead(404).end();
      const file = normalize(rest.join('/') || 'index.html');
      if (file.startsWith('..')) return void res.writeHead(404).end();
      const body = await readFile(join(dir, app, 'dist', file));
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    })().catch(() => res.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describeBrowser('the npm packages in real apps (packed, installed, type-checked, built)', () => {
  let env: Env;
  let dir: string;
  let apps: Server;
  let origin: string;

  beforeAll(async () => {
    const packed = await packAll();
    try {
      dir = await installFixtures(packed, APPS, APP_DEPS);
    } finally {
      packed.remove();
    }
    // Type checks first: the issue that started this was an app that built but did not type-check.
    await Promise.all([
      tool(dir, 'react', 'tsc', ['-p', 'tsconfig.json']),
      tool(dir, 'ssr', 'tsc', ['-p', 'tsconfig.json']),
      tool(dir, 'vue', 'vue-tsc', ['-p', 'tsconfig.json']),
    ]);
    // A development build of the React app: StrictMode's extra mount and unmount happen only there.
    await tool(dir, 'react', 'vite', ['build', '--logLevel', 'warn'], { NODE_ENV: 'development' });
    await tool(dir, 'vue', 'vite', ['build', '--logLevel', 'warn']);
    await tool(dir, 'ssr', 'vite', ['build', '--logLevel', 'warn']);
    await tool(dir, 'ssr', 'vite', ['build', '--ssr', 'src/entry-server.tsx', '--outDir', 'dist-server', '--logLevel', 'warn']);
    env = await startEnv();
    // The page is rendered by plain Node from the app's server build: the packages' exports as Node resolves them.
    const render = async (server: string) =>
      (
        await run(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "const { render } = await import('./dist-server/entry-server.js'); process.stdout.write(await render(process.argv[1]));",
            server,
          ],
          { cwd: join(dir, 'ssr') },
        )
      ).stdout;
    apps = await hostApps(dir, render, env.srv.url);
    origin = `http://localhost:${(apps.address() as AddressInfo).port}`;
  }, 900_000);

  afterAll(async () => {
    await new Promise<void>((r) => (apps ? apps.close(() => r()) : r()));
    await env?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Closes the tab; the page reported no error (React reports a hydration mismatch as one). */
  async function closeClean(tab: Tab): Promise<void> {
    const problems = [...tab.problems.pageErrors, ...tab.problems.consoleErrors];
    await tab.context.close();
    expect(problems).toEqual([]);
  }

  /** Opens the chat from the app's own button, sends a message, and sees it reach the operator and the reply come back. */
  async function chatThroughTheApp(page: Page, text: string): Promise<void> {
    await page.getByRole('button', { name: /^Chat with us/ }).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 20_000 }).toBe(true);
    await expect.poll(() => page.locator('#state').innerText()).toBe(JSON.stringify({ ready: true, isOpen: true, unread: 0 }));
    await page.getByRole('textbox', { name: 'Write a message…' }).fill(text);
    await page.keyboard.press('Enter');
    const d = await dialogWith(env.owner, text);
    await reply(env.owner, d.id, `Re: ${text}`);
    await expect.poll(() => page.locator('#received').innerText(), { timeout: 15_000 }).toBe(`Re: ${text}`);
    await page.getByRole('button', { name: 'Track' }).click();
    await expect.poll(async () => (await timeline(env.owner, d.id)).visitorEvents.map((e) => e.name)).toEqual(['clicked_pricing']);
  }

  it('Vite + React 19 (StrictMode, development build): one widget, the app opens it, unmount removes it', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${origin}/react/?server=${encodeURIComponent(env.srv.url)}`);
    await launcher(page).first().waitFor({ timeout: 20_000 });
    // StrictMode really mounted twice, and one widget remains.
    expect(await page.evaluate(() => (window as { appMounts?: number }).appMounts)).toBe(2);
    expect(await page.locator('parley-widget').count()).toBe(1);
    await chatThroughTheApp(page, 'Hello from the React app');
    await page.getByRole('button', { name: 'Remove chat' }).click();
    await expect.poll(() => page.locator('parley-widget').count()).toBe(0);
    await closeClean(tab);
  });

  it('Vite + Vue 3.5: the plugin (app.unmount removes the widget) and <ParleyChat> (v-if removes it)', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.goto(`${origin}/vue/?mode=plugin&server=${encodeURIComponent(env.srv.url)}`);
    await launcher(page).first().waitFor({ timeout: 20_000 });
    expect(await page.locator('parley-widget').count()).toBe(1);
    await chatThroughTheApp(page, 'Hello from the Vue app');
    await page.evaluate(() => (window as { unmountApp?: () => void }).unmountApp?.());
    await expect.poll(() => page.locator('parley-widget').count()).toBe(0);

    await page.goto(`${origin}/vue/?mode=component&server=${encodeURIComponent(env.srv.url)}`);
    await launcher(page).first().waitFor({ timeout: 20_000 });
    expect(await page.locator('parley-widget').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove chat' }).click();
    await expect.poll(() => page.locator('parley-widget').count()).toBe(0);
    await page.getByRole('button', { name: 'Add chat' }).click();
    await launcher(page).first().waitFor({ timeout: 20_000 });
    expect(await page.locator('parley-widget').count()).toBe(1);
    await closeClean(tab);
  });

  it('a server-rendered React page: Node renders it (createWidget inert there), the browser hydrates it and the chat works', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const html = await (await fetch(`${origin.replace('localhost', '127.0.0.1')}/ssr/`)).text();
    // The server's HTML has the app's markup and no widget (nothing of the DOM exists there).
    expect(html).toContain('<span id="status">chat loading</span>');
    expect(html).not.toContain('parley-widget');
    await page.goto(`${origin}/ssr/`);
    await launcher(page).first().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#status').innerText()).toBe('chat ready');
    await page.getByRole('button', { name: /^Chat with us/ }).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('textbox', { name: 'Write a message…' }).fill('Hello from the server-rendered page');
    await page.keyboard.press('Enter');
    await dialogWith(env.owner, 'Hello from the server-rendered page');
    await closeClean(tab);
  });
});
