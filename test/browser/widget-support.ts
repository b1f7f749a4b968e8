/**
 * Shared steps of the widget's browser tests: a real server (packages/server/test/harness.ts), the
 * built dist/widget.js it serves, Chromium, an operator online, and the project changed through the
 * real operator API. Pages are either the examples the server serves, or a shop page on its own
 * origin embedding the widget from the server like any customer site would. The shop is a tiny real
 * HTTP server on localhost (the chat server is 127.0.0.1): a page answered by Playwright's routing
 * counts as a public site, and Chromium's local network access rules refuse it any loopback request.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { OperatorRoutes, type DialogDetail, type DialogSummary, type Lead, type ProjectSettings, type Timeline } from '@parley/protocol';
import {
  REPO_ROOT,
  clientId,
  loginOperator,
  openOperatorSocket,
  startServer,
  type FrameSocket,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { DEVICES, launchBrowser, watchPage, type PageProblems } from '../browser-helper';

export interface Env {
  srv: RunningServer;
  owner: OperatorClient;
  browser: Browser;
  shop: Shop;
  stop(): Promise<void>;
}

/** The customer site: pages by path (with query), set by the tests. */
export interface Shop {
  origin: string;
  pages: Map<string, ShopPage>;
  close(): Promise<void>;
}

async function startShop(srv: RunningServer): Promise<Shop> {
  const pages = new Map<string, ShopPage>();
  const server: Server = createServer((req, res) => {
    // A parser-blocking script of the site that takes a while (`/slow.js?ms=300`), as real pages have.
    const slow = /^\/slow\.js\?ms=(\d+)$/.exec(req.url ?? '');
    if (slow) {
      setTimeout(() => res.writeHead(200, { 'Content-Type': 'text/javascript', 'Cache-Control': 'no-store' }).end('// slow'), Number(slow[1]));
      return;
    }
    // The widget's npm package as built (packages/widget/dist), for pages importing it without a bundler.
    const pkg = /^\/pkg\/widget\/([\w/.-]+\.js)$/.exec(req.url ?? '');
    if (pkg?.[1] && !pkg[1].includes('..')) {
      readFile(join(REPO_ROOT, 'packages/widget/dist', pkg[1])).then(
        (body) => res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' }).end(body),
        () => res.writeHead(404).end(),
      );
      return;
    }
    const o = pages.get(req.url ?? '/');
    if (!o) {
      res.writeHead(404).end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' };
    if (o.csp) headers['Content-Security-Policy'] = o.csp;
    res.writeHead(200, headers).end(shopHtml(srv, o));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    pages,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A server, Chromium, and the owner signed in with a console open and status online (so the chat is "online"). */
export async function startEnv(): Promise<Env> {
  const srv = await startServer();
  const owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  let console: FrameSocket;
  let browser: Browser | null = null;
  let shop: Shop;
  try {
    await online(owner, true);
    console = await openOperatorSocket(srv.url, owner);
    browser = await launchBrowser();
    shop = await startShop(srv);
  } catch (e) {
    await browser?.close();
    await srv.stop();
    throw e;
  }
  const b = browser;
  const c = console;
  const s = shop;
  return {
    srv,
    owner,
    browser: b,
    shop: s,
    async stop() {
      await b.close();
      await c.close();
      await s.close();
      await srv.stop();
    },
  };
}

export async function online(owner: OperatorClient, on: boolean): Promise<void> {
  const r = await owner.patch(OperatorRoutes.me, { status: on ? 'online' : 'offline' });
  expect(r.status).toBe(200);
}

/** Changes project settings through the operator API (nested objects are replaced whole). */
export async function configure(owner: OperatorClient, settings: Partial<ProjectSettings>): Promise<void> {
  const r = await owner.patch(OperatorRoutes.project, { settings });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const weekdays = (from: string, to: string) => ({
  mon: [{ from, to }],
  tue: [{ from, to }],
  wed: [{ from, to }],
  thu: [{ from, to }],
  fri: [{ from, to }],
  sat: [{ from, to }],
  sun: [{ from, to }],
});
/** Always open; and a schedule whose only hour is far from now (closed now, in any time zone it is evaluated in). */
export const ALWAYS = { alwaysOn: true, timeZone: 'UTC', days: weekdays('09:00', '18:00') };
export function closedNow(now = new Date()): ProjectSettings['schedule'] {
  const h = (now.getUTCHours() + 12) % 24;
  const hh = String(h).padStart(2, '0');
  return { alwaysOn: false, timeZone: 'UTC', days: weekdays(`${hh}:00`, `${hh}:30`) };
}

/** The settings every test starts from. */
export async function reset(owner: OperatorClient): Promise<void> {
  await configure(owner, {
    schedule: ALWAYS,
    pageFilter: { enabled: false, rules: '' },
    devices: [],
    offlineForm: { enabled: true, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: true },
    texts: { defaultLocale: 'en', overrides: {} },
    rating: { enabled: true },
    appearance: { color: '#2563eb', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'auto' },
    attachments: { enabled: true, limits: { image: 5 << 20, video: 16 << 20, audio: 16 << 20, document: 100 << 20 } },
    sound: { enabled: true },
    preChat: { enabled: false, fields: { name: 'optional', email: 'optional', phone: 'off' }, consent: 'off', privacyUrl: '' },
    greetings: [],
  });
}

/** Publishes an English article: the widget offers Help only where the knowledge base has articles in the visitor's language. */
export async function publishHelpArticle(owner: OperatorClient, title = 'Getting started'): Promise<void> {
  const r = await owner.post('/api/v1/operator/help/articles', {
    locale: 'en',
    title,
    body: 'Write to us any time.',
    category: '',
    status: 'published',
    position: 0,
  });
  if (r.status !== 201) throw new Error(`article not created: ${r.status}`);
}

export interface ShopPage {
  /** Inline script in <head>, after the queue stub. */
  head?: string;
  /** Extra attributes of the widget's script tag. */
  attrs?: string;
  /** No script tag at all (the test adds it). */
  noScript?: boolean;
  /** Content-Security-Policy header of the page. */
  csp?: string;
  /** Nonce of the inline scripts and of the widget's tag. */
  nonce?: string;
  /** A module script at the end of the body (ESM package users). */
  module?: string;
  /** Markup at the end of the body, after the widget's tag. */
  body?: string;
}

export function shopHtml(srv: RunningServer, o: ShopPage = {}): string {
  const nonce = o.nonce ? ` nonce="${o.nonce}"` : '';
  const tag = o.noScript ? '' : `<script async${nonce} src="${srv.url}/widget.js" ${o.attrs ?? 'data-project="demo"'}></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>
<script${nonce}>
window.parley = window.parley || function () { (parley.q = parley.q || []).push(arguments); };
${o.head ?? ''}
</script></head>
<body><h1>Shop</h1><p>Windows and doors.</p>
${tag}
${o.module ? `<script type="module"${nonce}>${o.module}</script>` : ''}
${o.body ?? ''}
</body></html>`;
}

export interface Tab {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Opens a page of the shop (path + query) with this markup. */
  shop(path: string, o?: ShopPage): Promise<void>;
  /** Every URL the page requested, in order. */
  requests: string[];
}

/** A browser context (device, user agent) with one page. */
export async function openTab(env: Env, device: keyof typeof DEVICES = 'desktop', extra: BrowserContextOptions = {}): Promise<Tab> {
  const context = await env.browser.newContext({ ...DEVICES[device], ...extra });
  await context.addInitScript(RECORD_CLICKS);
  const page = await context.newPage();
  const problems = await watchPage(page);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  return {
    context,
    page,
    problems,
    requests,
    async shop(path, o = {}) {
      env.shop.pages.set(path, o);
      await page.goto(`${env.shop.origin}${path}`);
    },
  };
}

// ----- the widget on a page ------------------------------------------------------------------

export const launcher = (page: Page) => page.locator('parley-widget .l');
export const panel = (page: Page) => page.getByRole('dialog');
export const composer = (page: Page) => page.getByRole('textbox', { name: 'Write a message…' });
export const messages = (page: Page) => page.getByRole('log');

/** Waits until the widget's host exists and says whether it shows (data-state). */
export async function widgetState(page: Page): Promise<string | null> {
  return page.evaluate(() => document.querySelector('parley-widget')?.getAttribute('data-state') ?? null);
}

/** Every page of a tab records where its clicks landed, for openChat's report when a click opens nothing. */
const RECORD_CLICKS = `(() => {
  const log = (window.__parleyClicks = []);
  const at = () => Math.round(performance.now());
  for (const type of ['pointerdown', 'click']) {
    window.addEventListener(type, (e) => {
      const t = e.composedPath()[0];
      log.push(type + '@' + at() + ':' + (t && t.nodeName ? t.nodeName + '.' + (t.className || '') : String(t)) + ' ' + e.clientX + ',' + e.clientY);
    }, true);
  }
})();`;

export async function openChat(page: Page): Promise<void> {
  // What the page said while opening: a failure names its cause instead of only "not visible".
  const said: string[] = [];
  const listen = (m: { type(): string; text(): string }) => said.push(`${m.type()}: ${m.text()}`);
  page.on('console', listen);
  try {
    await launcher(page).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
  } catch (e) {
    const host = await page
      .evaluate(() => {
        const h = document.querySelector('parley-widget');
        const b = h?.shadowRoot?.querySelector('.l');
        const r = b?.getBoundingClientRect();
        const x = r ? r.left + r.width / 2 : 0;
        const y = r ? r.top + r.height / 2 : 0;
        const top = document.elementFromPoint(x, y);
        const inside = top === h ? h?.shadowRoot?.elementFromPoint(x, y) : null;
        return JSON.stringify({
          state: h?.getAttribute('data-state'),
          cls: h?.className,
          hosts: document.querySelectorAll('parley-widget').length,
          busy: b?.getAttribute('aria-busy'),
          expanded: b?.getAttribute('aria-expanded'),
          dialogs: h?.shadowRoot?.querySelectorAll('[role=dialog]').length,
          visibility: document.visibilityState,
          launcherAt: [Math.round(x), Math.round(y)],
          topmost: `${top?.nodeName}.${inside ? `${inside.nodeName}.${inside.className}` : ''}`,
          now: Math.round(performance.now()),
          clicks: (window as unknown as { __parleyClicks?: string[] }).__parleyClicks,
        });
      })
      .catch((err: unknown) => String(err));
    throw new Error(`the chat did not open: ${host}; console: ${JSON.stringify(said)}`, { cause: e });
  } finally {
    page.off('console', listen);
  }
}

export async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

// ----- what the operator sees -----------------------------------------------------------------

export async function dialogs(owner: OperatorClient, view: 'all' | 'resolved' = 'all'): Promise<DialogSummary[]> {
  const r = await owner.get<{ dialogs: DialogSummary[] }>(`${OperatorRoutes.dialogs}?view=${view}`);
  expect(r.status).toBe(200);
  return r.body.dialogs;
}

export async function detail(owner: OperatorClient, id: string): Promise<DialogDetail> {
  const r = await owner.get<DialogDetail>(OperatorRoutes.dialog(id));
  expect(r.status).toBe(200);
  return r.body;
}

export async function timeline(owner: OperatorClient, id: string): Promise<Timeline> {
  const r = await owner.get<Timeline>(OperatorRoutes.timeline(id));
  expect(r.status).toBe(200);
  return r.body;
}

/** Visitor message texts of a dialog, in order. */
export async function visitorTexts(owner: OperatorClient, id: string): Promise<string[]> {
  return (await timeline(owner, id)).messages.filter((m) => m.author.kind === 'visitor').map((m) => m.text);
}

export async function leads(owner: OperatorClient): Promise<Lead[]> {
  const r = await owner.get<{ leads: Lead[] }>(OperatorRoutes.leads);
  expect(r.status).toBe(200);
  return r.body.leads;
}

export async function reply(owner: OperatorClient, dialogId: string, text: string): Promise<void> {
  const r = await owner.post(OperatorRoutes.messages(dialogId), { clientId: clientId('op'), text });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

export async function closeDialog(owner: OperatorClient, dialogId: string): Promise<void> {
  const r = await owner.post(OperatorRoutes.close(dialogId), { status: 'resolved' });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/** The one dialog whose visitor wrote `text` (waits for it to reach the server). */
export async function dialogWith(owner: OperatorClient, text: string): Promise<DialogSummary> {
  let found: DialogSummary | undefined;
  await expect
    .poll(
      async () => {
        const all = [...(await dialogs(owner)), ...(await dialogs(owner, 'resolved'))];
        for (const d of all) if ((await visitorTexts(owner, d.id)).includes(text)) found = d;
        return found !== undefined;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  return found as DialogSummary;
}

/**
 * One environment per test file: started before its tests, stopped after them, and the project
 * reset before each test. Call inside the describe block; the returned object is filled in by
 * the time the tests run.
 */
export function useEnv(): Env {
  const env = {} as Env;
  beforeAll(async () => {
    Object.assign(env, await startEnv());
  });
  afterAll(async () => {
    await env.stop?.();
  });
  beforeEach(async () => {
    await reset(env.owner);
  });
  return env;
}

/**
 * A strict page CSP for the chat server at `serverUrl`: scripts by nonce and 'strict-dynamic' only,
 * no styles on the page, connections to the server (http and its socket), Trusted Types enforced.
 */
export function strictCsp(serverUrl: string, nonce: string): string {
  const srv = new URL(serverUrl);
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'none'`,
    `connect-src ${srv.origin} ws://${srv.host}`,
    `img-src ${srv.origin}`,
    `base-uri 'none'`,
    `require-trusted-types-for 'script'`,
    `trusted-types 'none'`,
  ].join('; ');
}

/**
 * The embed's files are `/widget/<build hash>/<name>.js` (packages/widget/rollup.parts.ts). The
 * name of the embed file a URL points at (`loader`, `chat`, `texts-en`…), or undefined.
 */
export const embedFile = (url: string): string | undefined => /\/widget\/[0-9a-f]{10}\/([a-z-]+)\.js$/.exec(new URL(url, 'http://x').pathname)?.[1];
/** Whether a URL points at the named embed file. */
export const isEmbedFile = (url: string, name: string): boolean => embedFile(url) === name;
