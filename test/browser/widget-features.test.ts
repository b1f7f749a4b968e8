import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { describeBrowser } from '../browser-helper';
import { axeProblems } from './axe';
import {
  closedNow,
  composer,
  configure,
  detail,
  dialogWith,
  launcher,
  messages,
  online,
  openChat,
  openTab,
  panel,
  reply,
  say,
  timeline,
  useEnv,
  widgetState,
} from './widget-support';

/** Issue 13: what visitors missed. */

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAAASUVORK5CYII=', 'base64');
const PANEL = ['parley-widget', '#parley-panel'];

/** Files dragged onto an element of the panel and dropped (as the browser fires it), or pasted into the composer. */
async function dropOrPaste(page: Page, how: 'drop' | 'paste', name: string): Promise<void> {
  await page.evaluate(
    ([how, name, bytes]) => {
      const root = document.querySelector('parley-widget')?.shadowRoot;
      const dt = new DataTransfer();
      dt.items.add(new File([Uint8Array.from(atob(bytes as string), (c) => c.charCodeAt(0))], name as string, { type: 'image/png' }));
      if (how === 'paste') {
        root
          ?.getElementById('parley-input')
          ?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true, composed: true }));
        return;
      }
      const target = root?.querySelector('[role=log]') as HTMLElement;
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true, composed: true }));
    },
    [how, name, PNG.toString('base64')],
  );
}

/** Counts chimes: every oscillator the page's Web Audio creates. */
function countChimes(): void {
  const w = window as unknown as { chimes: number };
  w.chimes = 0;
  const original = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.chimes++;
    return original.call(this);
  };
}

describeBrowser('widget: files, images, sound, pre-chat form, greetings, emoji, accessibility', () => {
  const env = useEnv();

  it('takes files dragged onto the panel or pasted into the composer, and shows images full size', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/files');
    await openChat(page);
    await say(page, 'Here are the photos');
    await dialogWith(env.owner, 'Here are the photos');
    await dropOrPaste(page, 'drop', 'dropped.png');
    await dropOrPaste(page, 'paste', 'pasted.png');
    await expect.poll(() => panel(page).getByRole('button', { name: 'Send' }).isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await panel(page).locator('.ch li').allInnerTexts()).toEqual([expect.stringContaining('dropped.png'), expect.stringContaining('pasted.png')]);
    // The drop hint is gone once the files are in.
    expect(await panel(page).locator('.dz').count()).toBe(0);
    await composer(page).press('Enter');
    const d = await dialogWith(env.owner, 'Here are the photos');
    // Both arrive; the server lists a message's files in upload order, which two parallel uploads do not fix.
    await expect
      .poll(async () => (await timeline(env.owner, d.id)).messages.flatMap((m) => m.attachments.map((a) => a.name)).sort(), { timeout: 10_000 })
      .toEqual(['dropped.png', 'pasted.png']);

    // A click on an image opens the viewer; Escape closes it and the focus goes back.
    const link = messages(page)
      .locator('.at a')
      .filter({ has: page.locator('img[alt="dropped.png"]') });
    await expect.poll(() => link.locator('img').count(), { timeout: 10_000 }).toBe(1);
    await link.click();
    const viewer = page.getByRole('dialog', { name: 'dropped.png' });
    await viewer.waitFor();
    expect(await viewer.locator('img').getAttribute('src')).toContain('/api/v1/files/');
    expect(await axeProblems(page, ['parley-widget', '.ix'])).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => viewer.count()).toBe(0);
    expect(await panel(page).isVisible()).toBe(true);
    expect(await link.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)).toBe(true);
    await tab.context.close();
  });

  it('chimes for replies while closed unless the visitor muted it (kept on the device) or the project turned it off', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await page.addInitScript(countChimes);
    await tab.shop('/sound');
    await openChat(page);
    await say(page, 'Ping me');
    const d = await dialogWith(env.owner, 'Ping me');
    const mute = panel(page).getByRole('button', { name: 'Mute sound' });
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    const chimes = () => page.evaluate(() => (window as unknown as { chimes: number }).chimes);
    const closeAndReply = async (text: string) => {
      await panel(page).getByRole('button', { name: 'Close chat' }).click();
      await reply(env.owner, d.id, text);
      await expect.poll(() => launcher(page).getAttribute('aria-label'), { timeout: 10_000 }).toContain('unread');
      await page.waitForTimeout(300);
      await launcher(page).click();
      await expect.poll(() => panel(page).isVisible()).toBe(true);
    };
    await closeAndReply('First answer');
    expect(await chimes()).toBe(1);
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    await closeAndReply('Second answer');
    expect(await chimes()).toBe(1);
    // Kept on this device.
    await page.reload();
    await openChat(page);
    await expect.poll(() => panel(page).getByRole('button', { name: 'Mute sound' }).getAttribute('aria-pressed')).toBe('true');
    // The project turns the sound off: no switch, no chime.
    await configure(env.owner, { sound: { enabled: false } });
    await page.reload();
    await openChat(page);
    await expect.poll(() => panel(page).getByRole('button', { name: 'Mute sound' }).count()).toBe(0);
    await tab.context.close();
  });

  it('asks for the pre-chat form before the first message, as the project sets it, and operators see the answers', async () => {
    await configure(env.owner, {
      preChat: {
        enabled: true,
        fields: { name: 'required', email: 'optional', phone: 'off' },
        consent: 'required',
        privacyUrl: 'https://shop.example/privacy',
      },
    });
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/prechat');
    await openChat(page);
    const form = panel(page).getByRole('form', { name: 'Before we start' });
    await form.waitFor();
    expect(await composer(page).count()).toBe(0);
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await form.getByRole('button', { name: 'Start chat' }).click();
    await form.getByText('Please fill in this field.').waitFor();
    await form.getByText('Please give your consent to start the chat.').waitFor();
    expect(await form.getByRole('link', { name: 'Privacy policy' }).getAttribute('href')).toBe('https://shop.example/privacy');
    await form.getByLabel('Name').fill('Anna Petrova');
    await form.getByLabel('Email (optional)').fill('anna@example.com');
    await form.getByLabel('I agree to the processing of my personal data').check();
    expect(await axeProblems(page, PANEL)).toEqual([]);
    await form.getByRole('button', { name: 'Start chat' }).click();
    await composer(page).waitFor({ timeout: 10_000 });
    await say(page, 'Hello after the form');
    const d = await dialogWith(env.owner, 'Hello after the form');
    const card = await detail(env.owner, d.id);
    expect(card.visitor).toMatchObject({ name: 'Anna Petrova', email: 'anna@example.com' });
    expect(card.visitor.consentAt).toEqual(expect.any(Number));
    // Next visit: nothing to ask again.
    await page.reload();
    await openChat(page);
    await composer(page).waitFor();
    expect(await panel(page).getByRole('form', { name: 'Before we start' }).count()).toBe(0);
    await tab.context.close();
  });

  it('greets proactively after some time on the pages its rules allow, once per visitor per period, never while typing', async () => {
    await configure(env.owner, {
      greetings: [
        {
          id: 'promo',
          enabled: true,
          trigger: 'time',
          delaySeconds: 1,
          pages: '/promo*',
          everyHours: 24,
          text: { en: 'Need a hand with the promo?', ru: 'Помочь с акцией?' },
        },
        {
          id: 'leaving',
          enabled: true,
          trigger: 'exit',
          delaySeconds: 0,
          pages: '/catalog',
          everyHours: 24,
          text: { en: 'Leaving already? Ask us anything.' },
        },
      ],
    });
    const tab = await openTab(env);
    const { page } = tab;
    const bubble = () => page.locator('parley-widget .gr');
    // Not on other pages.
    await tab.shop('/about');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.waitForTimeout(1500);
    expect(await bubble().count()).toBe(0);
    // On /promo, while the visitor types in the page's own form, it waits.
    await tab.shop('/promo', { body: '<label>Search <input id="q"></label>' });
    await page.locator('#q').focus();
    await page.keyboard.type('window', { delay: 200 });
    await page.waitForTimeout(800);
    expect(await bubble().count()).toBe(0);
    await page.locator('#q').blur();
    await expect.poll(() => bubble().innerText(), { timeout: 8000 }).toContain('Need a hand with the promo?');
    // A click opens the chat, which starts with the greeting.
    await bubble().getByRole('button', { name: 'Need a hand with the promo?' }).click();
    await expect.poll(() => panel(page).isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await messages(page).innerText()).toContain('Need a hand with the promo?');
    expect(await bubble().isVisible()).toBe(false);
    // Once per period: not again on the next visit.
    await tab.shop('/promo?again');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.waitForTimeout(1800);
    expect(await bubble().count()).toBe(0);
    // Exit intent on a desktop: the pointer leaves towards the tabs.
    await tab.shop('/catalog');
    await expect.poll(() => widgetState(page)).toBe('closed');
    await page.mouse.move(400, 300);
    await page.mouse.move(400, 0, { steps: 5 });
    await page.evaluate(() => document.dispatchEvent(new MouseEvent('mouseout', { clientX: 400, clientY: -1, relatedTarget: null, bubbles: true })));
    await expect.poll(() => bubble().innerText(), { timeout: 5000 }).toContain('Leaving already?');
    await bubble().getByRole('button', { name: 'Dismiss' }).click();
    expect(await bubble().count()).toBe(0);
    await tab.context.close();
  });

  it('renders emoji natively, both ways', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/emoji');
    await openChat(page);
    await say(page, 'Спасибо 👍🏽 🇫🇷 👩‍💻');
    const d = await dialogWith(env.owner, 'Спасибо 👍🏽 🇫🇷 👩‍💻');
    await reply(env.owner, d.id, 'Рады помочь 😊');
    await expect.poll(() => messages(page).innerText(), { timeout: 10_000 }).toContain('Рады помочь 😊');
    expect(await messages(page).evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/Noto Color Emoji/);
    await tab.context.close();
  });

  it('passes axe (no serious or critical problems) on the open panel and the offline form', async () => {
    const tab = await openTab(env);
    const { page } = tab;
    await tab.shop('/axe');
    await openChat(page);
    await say(page, 'Accessibility check');
    const d = await dialogWith(env.owner, 'Accessibility check');
    await reply(env.owner, d.id, 'Answer with a link https://example.com');
    await expect.poll(() => messages(page).innerText(), { timeout: 10_000 }).toContain('Answer with a link');
    expect(await axeProblems(page, PANEL)).toEqual([]);
    expect(await axeProblems(page, ['parley-widget', '.l'])).toEqual([]);
    await tab.context.close();

    await configure(env.owner, { schedule: closedNow() });
    await online(env.owner, true);
    const off = await openTab(env, 'mobile');
    await off.shop('/axe-offline');
    await openChat(off.page);
    await panel(off.page).getByRole('button', { name: 'Send' }).click();
    await panel(off.page).getByText('Please fill in this field.').first().waitFor();
    expect(await axeProblems(off.page, PANEL)).toEqual([]);
    await off.context.close();
  });
});
