/**
 * Every console screen after sign-in: axe-core (zero serious or critical violations), the phone
 * layout at 390×844 (screenshots in test-results/console-phone/), keyboard shortcuts and the
 * small things issue 14 lists as bug 4.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeBrowser, launchBrowser, watchPage, type Browser, type Page } from '../browser-helper';
import {
  loginOperator,
  openVisitorSocket,
  REPO_ROOT,
  sendMessage,
  startServer,
  type OperatorClient,
  type RunningServer,
} from '../../packages/server/test/harness';
import { listItem, openConsole, IPHONE, OPERA } from './console-support';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(REPO_ROOT, 'test-results', 'console-phone');

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;
let dialogId: string;
let closedId: string;

interface Violation {
  id: string;
  impact: string | null;
  nodes: { target: string[] }[];
}

/** axe-core on what the page shows now; serious and critical violations, named by rule and element. */
async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(o: object): Promise<{ violations: Violation[] }> } }).axe.run({ resultTypes: ['violations'] });
    return r.violations.map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.map((n) => ({ target: n.target })) }));
  });
  return found.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => `${x.id}: ${x.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${srv.url}/console`);
  await page.getByLabel('Email').fill(srv.ownerEmail);
  await page.getByLabel('Password').fill(srv.ownerPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

describeBrowser('console: every screen (axe, phone, keyboard, bug 4)', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
    const v = await openVisitorSocket(srv.url, { device: OPERA });
    await v.welcome;
    dialogId = (await sendMessage(v, 'Where is my parcel? It was due yesterday and the tracking page says nothing.')).dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${dialogId}/messages`, { clientId: 'op-reply-0001', text: 'Let me check that for you.' });
    await owner.put(`/api/v1/operator/dialogs/${dialogId}/tags`, { tags: ['delivery'] });
    await owner.put('/api/v1/operator/tags/delivery', { name: 'delivery', color: '#ffd43b' });
    await owner.post('/api/v1/operator/groups', { name: 'Sales', operatorIds: [] });
    const v2 = await openVisitorSocket(srv.url, { device: IPHONE });
    await v2.welcome;
    closedId = (await sendMessage(v2, 'Thanks, all good')).dialogId as string;
    await owner.post(`/api/v1/operator/dialogs/${closedId}/messages`, { clientId: 'op-reply-0002', text: 'Glad to help!' });
    await owner.post(`/api/v1/operator/dialogs/${closedId}/close`, { status: 'resolved' });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('loads and signs in without a single console error (no 401 before login)', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = await watchPage(page);
    await signIn(page);
    await listItem(page, dialogId)
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
    expect(problems.consoleErrors).toEqual([]);
    expect(problems.pageErrors).toEqual([]);
    await context.close();
  });

  it('axe: zero serious or critical violations on every screen after sign-in', async () => {
    // axe is injected with evaluate; the context bypasses the page's CSP only so the engine can run.
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', bypassCSP: true });
    const page = await context.newPage();
    await signIn(page);
    const screens: [string, string][] = [
      ['new', '#/inbox/new'],
      ['mine', '#/inbox/mine'],
      ['all', '#/inbox/all'],
      ['resolved', '#/inbox/resolved'],
      ['dialog', `#/inbox/all/${dialogId}`],
      ['closed dialog', `#/inbox/resolved/${closedId}`],
      ['leads', '#/leads'],
      ['profile', '#/profile'],
      ...[
        'operators',
        'groups',
        'tags',
        'routing',
        'templates',
        'widget',
        'schedule',
        'offline-form',
        'texts',
        'filters',
        'multiwidget',
        'crm',
        'identity',
        'channels',
        'blocked',
      ].map((s): [string, string] => [`settings ${s}`, `#/settings/${s}`]),
    ];
    const report: Record<string, string[]> = {};
    for (const [name, hash] of screens) {
      await page.goto(`${srv.url}/console${hash}`);
      await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
      await page.waitForLoadState('networkidle');
      if (name.includes('dialog')) await page.locator('section.pane .timeline').waitFor();
      if (name.startsWith('settings')) await page.locator('.settings-body h3').first().waitFor();
      report[name] = await axe(page);
    }
    // The filters opened, the shortcuts overlay and the visitor card in edit mode too.
    await page.goto(`${srv.url}/console#/inbox/all/${dialogId}`);
    await page.locator('section.pane .timeline').waitFor();
    await page.getByRole('button', { name: 'Filters' }).click();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    report['filters and card editor'] = await axe(page);
    await page.keyboard.press('Escape');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    report['shortcuts overlay'] = await axe(page);
    expect(Object.entries(report).filter(([, v]) => v.length > 0)).toEqual([]);
    expect(Object.keys(report)).toHaveLength(screens.length + 2);
    await context.close();
  });

  it('bug 4: no focus box on the heading, the device tooltip beside the icon, actions in a menu, none when closed', async () => {
    const s = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    const { page } = s;
    await page.goto(`${srv.url}/console#/inbox/all/${dialogId}`);
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('.timeline').waitFor();
    // The heading is focused for screen readers, without an input-like box.
    await pane.locator('h2').focus();
    expect(await pane.locator('h2').evaluate((e) => [getComputedStyle(e).boxShadow, getComputedStyle(e).outlineStyle])).toEqual(['none', 'none']);

    // The device tooltip does not cover the message text.
    const msg = pane.locator('article.msg-visitor').first();
    await msg.locator('.device').hover();
    const tip = await msg.locator('.device .tip').boundingBox();
    const text = await msg.locator('.msg-text').boundingBox();
    expect(tip && text).toBeTruthy();
    const overlap = tip!.x < text!.x + text!.width && tip!.x + tip!.width > text!.x && tip!.y < text!.y + text!.height && tip!.y + tip!.height > text!.y;
    expect(overlap).toBe(false);

    // Own messages: no Edit/Delete links under each one, a "⋯" menu instead.
    const mine = pane.locator('article.msg-operator').first();
    expect(await mine.getByRole('button', { name: 'Edit' }).isVisible()).toBe(false);
    await mine.hover();
    await mine.locator('summary[aria-label="Message actions"]').click();
    await mine.getByRole('button', { name: 'Edit' }).waitFor();
    await page.keyboard.press('Escape');

    // A closed dialog offers no edit or delete at all.
    await page.goto(`${srv.url}/console#/inbox/resolved/${closedId}`);
    const closed = page.locator(`section.pane[data-dialog-id="${closedId}"]`);
    await closed.getByText('Glad to help!').waitFor();
    expect(await closed.locator('.msg-menu').count()).toBe(0);

    // Settings → Operators: the owner's row says why there is nothing to do, rather than an empty cell.
    await page.goto(`${srv.url}/console#/settings/operators`);
    const ownRow = page.locator('tr', { hasText: srv.ownerEmail });
    expect((await ownRow.locator('td').last().textContent())?.trim()).toBe('You');

    // "Clear filters" is a button-sized button.
    await page.goto(`${srv.url}/console#/inbox/resolved`);
    await page.getByRole('button', { name: 'Filters' }).click();
    const clear = await page.getByRole('button', { name: 'Clear filters' }).boundingBox();
    expect(clear!.width).toBeLessThan(160);
    expect(clear!.height).toBeLessThan(40);
    await s.context.close();
  });

  it('keyboard: j/k move between dialogs, r focuses the reply, ? lists the keys, Esc goes back', async () => {
    const s = await openConsole(browser, srv.url, srv.ownerEmail, srv.ownerPassword);
    const { page } = s;
    await page.goto(`${srv.url}/console#/inbox/all`);
    await listItem(page, dialogId).waitFor();
    await page.locator('main h2').first().click();
    await page.keyboard.press('j');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/inbox\/all\/.+/);
    await page.locator('section.pane .timeline').waitFor();
    await page.locator('section.pane h2').click();
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.className ?? '')).toContain('composer-input');
    await page.keyboard.type('typed after r');
    await page.locator('section.pane h2').click();
    await page.keyboard.press('?');
    const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await overlay.waitFor();
    expect(await overlay.textContent()).toContain('Next dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => overlay.count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/inbox/all');
    await s.context.close();
  });

  it('phone 390×844: a compact bottom bar, list → dialog → back, the visitor panel collapsed (screenshots)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${srv.url}/console#/inbox/all`);
    await listItem(page, dialogId).waitFor();
    const nav = await page.getByRole('navigation', { name: 'Main navigation' }).boundingBox();
    expect(nav!.height).toBeLessThanOrEqual(64);
    expect(nav!.y + nav!.height).toBeGreaterThan(800); // at the bottom
    await page.screenshot({ path: join(SHOTS, '1-list.png') });

    await listItem(page, dialogId).click();
    const pane = page.locator(`section.pane[data-dialog-id="${dialogId}"]`);
    await pane.locator('.timeline').waitFor();
    expect(await page.locator('.list-col').isVisible()).toBe(false);
    // The visitor panel starts collapsed: the conversation has the screen.
    expect(await pane.locator('aside.info').count()).toBe(0);
    const timeline = await pane.locator('.timeline').boundingBox();
    expect(timeline!.height).toBeGreaterThan(300);
    await page.screenshot({ path: join(SHOTS, '2-dialog.png') });

    await pane.getByRole('button', { name: 'Visitor info' }).click();
    await pane.locator('aside.info').waitFor();
    await page.screenshot({ path: join(SHOTS, '3-visitor.png') });
    await pane.getByRole('button', { name: 'Visitor info' }).click();

    await pane.getByRole('link', { name: 'Back to the list' }).click();
    await listItem(page, dialogId).waitFor();
    await page.goto(`${srv.url}/console#/settings/operators`);
    await page.locator('.settings-body h3').first().waitFor();
    await page.screenshot({ path: join(SHOTS, '4-settings.png') });
    await context.close();
  });
});
