/**
 * Shared steps of the console browser tests: sign an operator in to the real console (served by
 * the real server) in its own browser context, with desktop notifications and sound recorded.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { launchBrowser, watchPage, type PageProblems } from '../browser-helper';
import { startServer, type RunningServer } from '../../packages/server/test/harness';

export interface ConsoleSession {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** Desktop notifications shown so far ({ title, body }). */
  notifications(): Promise<{ title: string; body: string }[]>;
  /** How many chimes were played. */
  chimes(): Promise<number>;
}

/**
 * Records what the console does with the Notification API and WebAudio. Notification permission
 * reads as granted (as after the operator clicked "Enable"); nothing else of the page changes.
 */
function instrument(): void {
  const w = window as unknown as { __notes: { title: string; body: string }[]; __chimes: number };
  w.__notes = [];
  w.__chimes = 0;
  class RecordingNotification extends EventTarget {
    static permission: NotificationPermission = 'granted';
    static requestPermission(): Promise<NotificationPermission> {
      return Promise.resolve('granted');
    }
    constructor(title: string, opts: NotificationOptions = {}) {
      super();
      w.__notes.push({ title, body: opts.body ?? '' });
    }
    close(): void {}
  }
  Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true, writable: true });
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__chimes++;
    return original.call(this);
  };
}

export async function openConsole(browser: Browser, url: string, email: string, password: string, locale = 'en-US'): Promise<ConsoleSession> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale });
  const page = await context.newPage();
  const problems = await watchPage(page);
  await page.addInitScript(instrument);
  await page.goto(`${url}/console`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
  return {
    context,
    page,
    problems,
    notifications: () => page.evaluate(() => (window as unknown as { __notes: { title: string; body: string }[] }).__notes),
    chimes: () => page.evaluate(() => (window as unknown as { __chimes: number }).__chimes),
  };
}

/**
 * One server, one Chromium and the owner signed in to the console, per test file: started before
 * its tests, stopped after them. Call inside the describe block; the object is filled in by the
 * time the tests run.
 */
/** `serverEnv`: extra environment for the server, asked for when it starts (after earlier beforeAll hooks). */
export function useConsoleEnv(serverEnv?: () => Record<string, string>): { srv: RunningServer; browser: Browser; op: ConsoleSession } {
  const env = {} as { srv: RunningServer; browser: Browser; op: ConsoleSession };
  beforeAll(async () => {
    env.srv = await startServer(serverEnv ? { env: serverEnv() } : {});
    env.browser = await launchBrowser();
    env.op = await openConsole(env.browser, env.srv.url, env.srv.ownerEmail, env.srv.ownerPassword);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.srv?.stop();
  });
  return env;
}

/**
 * The page reported nothing wrong. The one expected console error is the 401 of the session
 * check before signing in, which the browser logs itself.
 */
export function expectClean(s: ConsoleSession): void {
  const errors = s.problems.consoleErrors.filter((e) => !/status of 401/.test(e));
  expect(errors).toEqual([]);
  expect(s.problems.pageErrors).toEqual([]);
  expect(s.problems.cspViolations).toEqual([]);
}

/** The dialog list item of a dialog, by id. */
export function listItem(page: Page, dialogId: string) {
  return page.locator(`a.dialog-item[data-dialog-id="${dialogId}"]`);
}

export const OPERA = { type: 'desktop', browser: { name: 'Opera', version: '112.0.0.0' }, os: { name: 'Windows', version: '10' } };
export const IPHONE = { type: 'mobile', browser: { name: 'Mobile Safari', version: '17.6.1' }, os: { name: 'iOS', version: '17.6.1' } };

// ----- the visitor: a real widget page --------------------------------------------------------

export type Frame = { type: string; [k: string]: any };

export interface WidgetVisitor {
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  /** The chat panel (inside the widget's shadow root). */
  panel: Locator;
  /** Every frame the widget received on its WebSocket, in order. */
  received: Frame[];
  /** Every frame the widget sent. */
  sent: Frame[];
  /** URLs the page requested that failed (HTTP status 400 or more). */
  failed: string[];
  /** Types a message in the widget and sends it; resolves with its dialog id once the server acknowledged it. */
  write(text: string): Promise<string>;
  /** The first received frame matching, waiting for it. */
  waitFrame(pred: (f: Frame) => boolean): Promise<Frame>;
}

/**
 * Opens an example page of the demo project (served by the server at /) in its own browser
 * context (its own device: pass a user agent), opens the chat and records the widget's frames.
 */
export async function openWidget(
  browser: Browser,
  url: string,
  opts: { device?: BrowserContextOptions; path?: string; beforeOpen?: (page: Page) => Promise<void> } = {},
): Promise<WidgetVisitor> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-US', ...opts.device });
  const page = await context.newPage();
  const problems = await watchPage(page);
  const received: Frame[] = [];
  const sent: Frame[] = [];
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  const parse = (payload: string | Buffer): Frame | null => {
    try {
      return JSON.parse(String(payload)) as Frame;
    } catch {
      return null;
    }
  };
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/v1/widget/ws')) return;
    ws.on('framereceived', (f) => {
      const frame = parse(f.payload);
      if (frame) received.push(frame);
    });
    ws.on('framesent', (f) => {
      const frame = parse(f.payload);
      if (frame) sent.push(frame);
    });
  });
  await page.goto(`${url}${opts.path ?? '/basic.html'}`);
  await opts.beforeOpen?.(page);
  const launcher = page.getByRole('button', { name: 'Open chat' });
  await launcher.waitFor({ timeout: 20_000 }).catch(() => {
    // Say why, rather than time out on a click: a failed bundle request, a script error, ...
    throw new Error(
      `the widget did not show its launcher; failed requests: ${failed.join(', ') || 'none'}; ` +
        `console errors: ${problems.consoleErrors.join(' | ') || 'none'}; page errors: ${problems.pageErrors.join(' | ') || 'none'}`,
    );
  });
  await launcher.click();
  const panel = page.locator('#parley-panel');
  const input = panel.getByRole('textbox', { name: 'Write a message…' });
  await input.waitFor();
  const waitFrame = async (pred: (f: Frame) => boolean): Promise<Frame> => {
    await expect.poll(() => received.some(pred), { timeout: 15_000 }).toBe(true);
    return received.find(pred) as Frame;
  };
  return {
    context,
    page,
    problems,
    panel,
    received,
    sent,
    failed,
    waitFrame,
    async write(text: string): Promise<string> {
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => sent.some((f) => f.type === 'message.send' && f.text === text), { timeout: 15_000 }).toBe(true);
      const clientId = sent.find((f) => f.type === 'message.send' && f.text === text)!.clientId as string;
      const ack = await waitFrame((f) => f.type === 'message.ack' && f.clientId === clientId);
      return ack.dialogId as string;
    },
  };
}

/** The widget page reported nothing wrong (no errors, exceptions or CSP violations). */
/**
 * The widget no longer shows `text` anywhere in its panel. Polls briefly (a render may be in
 * flight), then fails with what the panel holds and every frame the widget received, so a
 * lingering copy can be traced to its cause.
 */
export async function expectGone(v: WidgetVisitor, text: string): Promise<void> {
  const count = () => v.panel.getByText(text).count();
  try {
    await expect.poll(count, { timeout: 3000 }).toBe(0);
  } catch {
    const html = await v.panel.evaluate((e) => (e as HTMLElement).innerHTML).catch(() => '(panel gone)');
    const frames = v.received.filter((f) => f.type !== 'session.pong').map((f) => JSON.stringify(f));
    throw new Error(`the widget still shows "${text}" (${await count()}x).\npanel: ${html}\nframes:\n${frames.join('\n')}`);
  }
}

export function expectWidgetClean(v: WidgetVisitor): void {
  // The example pages have no favicon; the browser logs its 404 as a console error.
  const onlyFavicon = v.failed.every((f) => /\/favicon\.ico$/.test(f));
  expect(v.failed.filter((f) => !/\/favicon\.ico$/.test(f))).toEqual([]);
  expect(v.problems.consoleErrors.filter((e) => !(onlyFavicon && /status of 404/.test(e)))).toEqual([]);
  expect(v.problems.pageErrors).toEqual([]);
  expect(v.problems.cspViolations).toEqual([]);
}
