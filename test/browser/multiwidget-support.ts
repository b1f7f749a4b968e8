/**
 * Shared steps of the multiwidget browser tests: a shop site on its own origin (http://shop.test,
 * answered by Playwright) that embeds the real bundles from the real server, and the project's
 * multiwidget settings changed through the real operator API.
 */
import { expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import type { ChannelSettings, MultiwidgetSettings, Schedule } from '@parley/protocol';
import { DEVICES, watchPage, type PageProblems } from '../browser-helper';
import type { OperatorClient, RunningServer } from '../../packages/server/test/harness';

// A site of its own (a secure context, like an https shop). Its pages come from Playwright, so
// Chromium's Local Network Access sees a site reaching a loopback server and asks: the test grants it,
// as a visitor's browser never needs to for a server on the public internet.
export const SHOP = 'http://shop.localhost';

export interface PageOptions {
  /** Inline script run before the embed scripts (the queue stub is always there first). */
  before?: string;
  /** Which embed scripts, in document order. */
  scripts?: ('multiwidget' | 'widget')[];
  /** Extra attributes of the multiwidget script tag. */
  attrs?: string;
  /** A Content-Security-Policy header for the page. */
  csp?: string;
  /** Nonce of the inline script (with csp). */
  nonce?: string;
}

export function shopPage(srv: RunningServer, o: PageOptions = {}): string {
  const nonce = o.nonce ? ` nonce="${o.nonce}"` : '';
  const tags = (o.scripts ?? ['multiwidget'])
    .map((s) => `<script async src="${srv.url}/${s}.js" data-project="demo"${s === 'multiwidget' ? ` ${o.attrs ?? ''}` : ''}></script>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><p>Windows and doors.</p><a href="#top" id="page-link">A link on the page</a>
<script${nonce}>
window.parley = window.parley || function () { (parley.q = parley.q || []).push(arguments); };
${o.before ?? ''}
</script>
${tags}
</body></html>`;
}

export interface Shop {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Paths requested from the Parley server so far, in order. */
  requests(): string[];
  /** Opens a page of the shop (path with query) and waits for the multiwidget to be ready. */
  visit(path: string, o?: PageOptions & { wait?: 'ready' | 'none' }): Promise<void>;
}

export async function openShop(
  browser: Browser,
  srv: RunningServer,
  device: keyof typeof DEVICES = 'desktop',
  extra: BrowserContextOptions = {},
): Promise<Shop> {
  const context = await browser.newContext({ ...DEVICES[device], ...extra });
  await context.grantPermissions(['local-network-access'], { origin: SHOP });
  const page = await context.newPage();
  const problems = await watchPage(page);
  let current: PageOptions = {};
  const requested: string[] = [];
  context.on('request', (r) => {
    if (r.url().startsWith(srv.url)) requested.push(new URL(r.url()).pathname);
  });
  await page.route(`${SHOP}/**`, async (route) => {
    if (route.request().resourceType() !== 'document') return route.fulfill({ status: 404, body: '' });
    const headers: Record<string, string> = { 'Content-Type': 'text/html; charset=utf-8' };
    if (current.csp) headers['Content-Security-Policy'] = current.csp;
    return route.fulfill({ status: 200, headers, body: shopPage(srv, current) });
  });
  return {
    context,
    page,
    problems,
    requests: () => [...requested],
    async visit(path, o = {}) {
      const ready = `window.__mwReady = new Promise((r) => parley('multiwidget.on', 'ready', r));`;
      current = { ...o, before: `${ready}\n${o.before ?? ''}` };
      await page.goto(`${SHOP}${path}`);
      if (o.wait !== 'none') await page.evaluate(() => (window as unknown as { __mwReady: Promise<unknown> }).__mwReady);
    },
  };
}

/** A channel with the schema's defaults. */
export const ch = (kind: ChannelSettings['kind'], extra: Partial<ChannelSettings> = {}): ChannelSettings => ({
  kind,
  enabled: true,
  target: '',
  passRef: false,
  qrOnDesktop: false,
  followSchedule: false,
  ...extra,
});

export const BUTTON: MultiwidgetSettings['button'] = {
  color: '#2563eb',
  position: 'bottom-right',
  offsetX: 20,
  offsetY: 20,
  pulse: true,
  callToAction: {},
  callToActionDelaySeconds: 0,
};

const week = (from: string, to: string) => {
  const d = [{ from, to }];
  return { mon: d, tue: d, wed: d, thu: d, fri: d, sat: [], sun: [] };
};
export const ALWAYS: Schedule = { alwaysOn: true, timeZone: 'Europe/Moscow', days: week('09:00', '18:00') };
export const OFFICE_HOURS: Schedule = { alwaysOn: false, timeZone: 'Europe/Moscow', days: week('09:00', '18:00') };

export interface Setup {
  channels: ChannelSettings[];
  button?: Partial<MultiwidgetSettings['button']>;
  enabled?: boolean;
  schedule?: Schedule;
  pageFilter?: { enabled: boolean; rules: string };
  devices?: ('desktop' | 'tablet' | 'mobile')[];
  offlineForm?: boolean;
  defaultLocale?: 'ru' | 'en' | 'fr';
  overrides?: Record<string, Record<string, string>>;
}

/** Replaces the project's multiwidget (and the rules it depends on) through the operator API. */
export async function configure(owner: OperatorClient, s: Setup): Promise<void> {
  const r = await owner.patch('/api/v1/operator/project', {
    settings: {
      multiwidget: { enabled: s.enabled ?? true, button: { ...BUTTON, ...s.button }, channels: s.channels },
      schedule: s.schedule ?? ALWAYS,
      pageFilter: s.pageFilter ?? { enabled: false, rules: '' },
      devices: s.devices ?? [],
      offlineForm: {
        enabled: s.offlineForm ?? true,
        fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' },
        requireContact: false,
      },
      texts: { defaultLocale: s.defaultLocale ?? 'en', overrides: s.overrides ?? {} },
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

/**
 * Adds an embed script to the page now (as a site's tag manager would) and waits until it has
 * installed itself on the global `parley`, so tests control which script comes first.
 */
export async function inject(page: Page, srv: RunningServer, script: 'widget' | 'multiwidget'): Promise<void> {
  await page.evaluate(
    ([src]) => {
      const el = document.createElement('script');
      el.src = src as string;
      el.dataset.project = 'demo';
      document.body.append(el);
    },
    [`${srv.url}/${script}.js`],
  );
  await page.waitForFunction((which) => {
    const p = (window as unknown as { parley?: { __parley?: unknown; __multiwidget?: unknown } }).parley;
    return which === 'widget' ? !!p?.__parley : !!p?.__multiwidget;
  }, script);
}

export const button = (page: Page) => page.locator('parley-multiwidget .btn');
export const items = (page: Page) => page.locator('parley-multiwidget .item');
export const item = (page: Page, kind: string) => page.locator(`parley-multiwidget .item[data-channel="${kind}"]`);

/** The kinds of the light-DOM hook elements, in document order. */
export function markers(page: Page): Promise<string[]> {
  return page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.parley-multiwidget-item')].map((e) => e.dataset.channel ?? ''));
}

/** Whether the multiwidget's button is shown at all. */
export function buttonShown(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const b = document.querySelector('parley-multiwidget')?.shadowRoot?.querySelector('.btn');
    return !!b && b.getBoundingClientRect().width > 0;
  });
}

/** Opens the list and returns the channels it shows: kind, element, href. */
export async function openList(page: Page): Promise<{ kind: string; tag: string; href: string | null; label: string }[]> {
  if ((await button(page).getAttribute('aria-expanded')) !== 'true') await button(page).click();
  await page.locator('parley-multiwidget .panel').waitFor();
  return items(page).evaluateAll((els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-channel') ?? '',
      tag: e.tagName.toLowerCase(),
      href: e.getAttribute('href'),
      label: e.querySelector('.label')?.textContent ?? '',
    })),
  );
}

export function expectClean(problems: PageProblems): void {
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
  expect(problems.consoleErrors.filter((e) => !/favicon|status of 404/.test(e))).toEqual([]);
}
