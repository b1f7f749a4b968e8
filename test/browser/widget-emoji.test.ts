import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { axeProblems } from './axe';
import { composer, dialogWith, isEmbedFile, messages, openChat, openTab, panel, strictCsp, useEnv, visitorTexts } from './widget-support';

/** Issue 13: "native emoji render everywhere; a small picker only if it costs <= 2 KB lazily" (the size test holds the 2 KB). */

const NONCE = 'emoji-nonce-1';
const PANEL = ['parley-widget', '#parley-panel'];

type Win = { parley(...args: unknown[]): void };

/** What has the focus inside the (first) widget's shadow root. */
const focused = (page: Page, name = 'default') =>
  page.evaluate((n) => {
    const el = document.querySelector(`parley-widget[data-parley-name="${n}"]`)?.shadowRoot?.activeElement;
    return el ? el.id || el.getAttribute('aria-label') || el.textContent : null;
  }, name);

describeBrowser('widget: the emoji picker', () => {
  const env = useEnv();

  it('loads when opened; mouse and keyboard insert at the caret, Escape and a click outside close it; the message reaches the operator; axe finds nothing serious; strict CSP clean', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    const csp = strictCsp(env.srv.url, NONCE);
    await tab.shop('/emoji-picker', { csp, nonce: NONCE });
    await openChat(page);
    const emojiChunk = () => tab.requests.filter((u) => isEmbedFile(u, 'emoji'));
    // Nobody asked for the picker yet: its chunk is not loaded.
    expect(emojiChunk()).toEqual([]);
    const button = panel(page).getByRole('button', { name: 'Emoji' });
    const picker = panel(page).getByRole('group', { name: 'Emoji' });
    expect(await button.getAttribute('aria-expanded')).toBe('false');

    // Mouse: the caret is after "Hello "; the emoji goes there, and the focus comes back after it.
    await composer(page).fill('Hello world');
    await composer(page).evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(6, 6));
    await button.click();
    await picker.waitFor();
    expect(emojiChunk()).toHaveLength(1);
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    expect(await picker.getByRole('button').count()).toBeGreaterThanOrEqual(60);
    // The grid has the focus, on its first emoji.
    expect(await focused(page)).toBe('😀');
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await picker.getByRole('button', { name: '👍' }).click();
    await expect.poll(() => picker.count()).toBe(0);
    expect(await composer(page).inputValue()).toBe('Hello 👍world');
    expect(await focused(page)).toBe('parley-input');
    expect(await composer(page).evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(6 + '👍'.length);

    // Keyboard: from the field, Tab to the button, Enter opens; arrows move (right, right, down: the
    // eleventh of rows of eight), Enter inserts at the caret (the end of the text).
    await composer(page).press('End');
    await composer(page).press('Tab');
    expect(await focused(page)).toBe('Emoji');
    await page.keyboard.press('Enter');
    await picker.waitFor();
    expect(await focused(page)).toBe('😀');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('😋');
    // One Tab stop in the grid: the emoji moved to.
    expect(await picker.locator('button[tabindex="0"]').allInnerTexts()).toEqual(['😋']);
    await page.keyboard.press('Enter');
    await expect.poll(() => picker.count()).toBe(0);
    expect(await composer(page).inputValue()).toBe('Hello 👍world😋');
    expect(await focused(page)).toBe('parley-input');

    // Escape closes the picker, not the panel; the focus is back in the field.
    await button.click();
    await picker.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => picker.count()).toBe(0);
    expect(await panel(page).isVisible()).toBe(true);
    expect(await focused(page)).toBe('parley-input');
    // A click outside it closes it too; the button toggles it.
    await button.click();
    await picker.waitFor();
    await messages(page).click();
    await expect.poll(() => picker.count()).toBe(0);
    await button.click();
    await picker.waitFor();
    await button.click();
    await expect.poll(() => picker.count()).toBe(0);
    // Still one chunk: it loaded once.
    expect(emojiChunk()).toHaveLength(1);

    await composer(page).press('Enter');
    const d = await dialogWith(env.owner, 'Hello 👍world😋');
    expect(await visitorTexts(env.owner, d.id)).toEqual(['Hello 👍world😋']);
    expect(tab.problems.pageErrors).toEqual([]);
    expect(tab.problems.cspViolations).toEqual([]);
    await tab.context.close();
  });

  it('two widgets on a page each have their own picker; destroy() removes the widget with its picker', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/emoji-two', {
      head: `parley('init', { project: 'demo' }); parley('init', { project: 'demo', name: 'second', launcher: false, appearance: { position: 'bottom-left' } });`,
      attrs: '',
    });
    await expect.poll(() => page.locator('parley-widget').count()).toBe(2);
    const first = page.locator('parley-widget[data-parley-name="default"]');
    const second = page.locator('parley-widget[data-parley-name="second"]');
    await first.locator('.l').click();
    await expect.poll(() => first.getByRole('dialog').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.evaluate(() => (window as unknown as Win).parley('second:open'));
    await expect.poll(() => second.getByRole('dialog').isVisible(), { timeout: 15_000 }).toBe(true);
    await first.getByRole('button', { name: 'Emoji' }).click();
    await first.getByRole('group', { name: 'Emoji' }).waitFor();
    // Only the first widget's picker opened.
    expect(await second.getByRole('group', { name: 'Emoji' }).count()).toBe(0);
    await second.getByRole('button', { name: 'Emoji' }).click();
    await second.getByRole('group', { name: 'Emoji' }).getByRole('button', { name: '🙏' }).click();
    expect(await second.getByRole('textbox', { name: 'Write a message…' }).inputValue()).toBe('🙏');
    expect(await focused(page, 'second')).toBe('parley-input');
    await page.evaluate(() => (window as unknown as Win).parley('destroy'));
    await page.evaluate(() => (window as unknown as Win).parley('second:destroy'));
    expect(await page.locator('parley-widget').count()).toBe(0);
    expect(tab.problems.pageErrors).toEqual([]);
    await tab.context.close();
  });
});
