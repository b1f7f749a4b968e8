import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { encode } from 'uqr';
import { describeBrowser, launchBrowser, type Browser } from '../browser-helper';
import { loginOperator, startServer, type OperatorClient, type RunningServer } from '../../packages/server/test/harness';
import { OFFICE_HOURS, button, buttonShown, ch, configure, expectClean, item, items, markers, openList, openShop } from './multiwidget-support';

let srv: RunningServer;
let browser: Browser;
let owner: OperatorClient;

const ALL = [
  ch('chat'),
  ch('callback'),
  ch('telegram', { target: '@parley_demo_bot', passRef: true }),
  ch('whatsapp', { target: '+1 (555) 010-0200', text: 'Здравствуйте! Вопрос про окна & двери' }),
  ch('viber', { target: '+1 555 010 0200' }),
  ch('vk', { target: 'https://vk.com/parley_demo', passRef: true }),
  ch('messenger', { target: 'parleydemo', passRef: true }),
  ch('email', { target: 'support@parley.example', text: 'Question from the website' }),
  ch('phone', { target: '+1 555 010-0200' }),
  ch('link', { target: 'https://parley.example/help?from=widget', label: { en: 'Help center', ru: 'Центр помощи' } }),
];

/** The path of dark modules the panel draws for a QR code of `text`. */
function qrPath(text: string): string {
  let d = '';
  encode(text, { ecc: 'M', border: 2 }).data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
  return d;
}

describeBrowser('multiwidget: channels, links, rules, look', () => {
  beforeAll(async () => {
    srv = await startServer();
    browser = await launchBrowser();
    owner = await loginOperator(srv.url, srv.ownerEmail, srv.ownerPassword);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('on a phone: every channel in the configured order, each with its documented link', async () => {
    await configure(owner, { channels: ALL });
    const shop = await openShop(browser, srv, 'mobile');
    await shop.visit('/catalog/windows');
    expect(await markers(shop.page)).toEqual(ALL.map((c) => c.kind));
    expect(await openList(shop.page)).toEqual([
      { kind: 'chat', tag: 'button', href: null, label: 'Online chat' },
      { kind: 'callback', tag: 'button', href: null, label: 'Request a callback' },
      // No dialog yet: no start/ref parameter at all.
      { kind: 'telegram', tag: 'a', href: 'https://t.me/parley_demo_bot', label: 'Telegram' },
      {
        kind: 'whatsapp',
        tag: 'a',
        label: 'WhatsApp',
        href: `https://wa.me/15550100200?text=${encodeURIComponent('Здравствуйте! Вопрос про окна & двери')}`,
      },
      { kind: 'viber', tag: 'a', href: 'viber://chat?number=%2B15550100200', label: 'Viber' },
      { kind: 'vk', tag: 'a', href: 'https://vk.me/parley_demo', label: 'VK' },
      { kind: 'messenger', tag: 'a', href: 'https://m.me/parleydemo', label: 'Messenger' },
      { kind: 'email', tag: 'a', href: 'mailto:support@parley.example?subject=Question%20from%20the%20website', label: 'Email' },
      { kind: 'phone', tag: 'a', href: 'tel:+15550100200', label: 'Call us' },
      { kind: 'link', tag: 'a', href: 'https://parley.example/help?from=widget', label: 'Help center' },
    ]);
    // Web links open beside the page; app links hand over in place.
    expect(await item(shop.page, 'telegram').getAttribute('target')).toBe('_blank');
    expect(await item(shop.page, 'telegram').getAttribute('rel')).toBe('noopener noreferrer');
    expect(await item(shop.page, 'phone').getAttribute('target')).toBeNull();
    expect(await item(shop.page, 'viber').getAttribute('target')).toBeNull();
    expectClean(shop.problems);
    await shop.context.close();
  });

  it('on a desktop: phone-only channels show a QR code of their link instead of a dead link', async () => {
    await configure(owner, {
      channels: [
        ch('viber', { target: '+1 555 010 0200' }),
        ch('whatsapp', { target: '+15550100200', text: 'Hi', qrOnDesktop: true }),
        ch('telegram', { target: 'parley_support' }),
      ],
    });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/');
    expect(await openList(shop.page)).toEqual([
      { kind: 'viber', tag: 'button', href: null, label: 'Viber' },
      { kind: 'whatsapp', tag: 'button', href: null, label: 'WhatsApp' },
      { kind: 'telegram', tag: 'a', href: 'https://t.me/parley_support', label: 'Telegram' },
    ]);
    const qr = shop.page.locator('parley-multiwidget svg.qr');
    await item(shop.page, 'viber').click();
    await qr.waitFor();
    expect(await qr.locator('path').getAttribute('d')).toBe(qrPath('viber://chat?number=%2B15550100200'));
    expect(await qr.getAttribute('aria-label')).toBe('Viber');
    await shop.page.locator('parley-multiwidget .hint').getByText('Scan the code with your phone camera').waitFor();
    // viber:// does not open on this computer: no link to it.
    expect(await shop.page.locator('parley-multiwidget .open-here').count()).toBe(0);
    await shop.page.getByRole('button', { name: 'Back', exact: true }).click();
    await item(shop.page, 'whatsapp').click();
    await qr.waitFor();
    expect(await qr.locator('path').getAttribute('d')).toBe(qrPath('https://wa.me/15550100200?text=Hi'));
    expect(await shop.page.locator('parley-multiwidget .open-here').getAttribute('href')).toBe('https://wa.me/15550100200?text=Hi');
    // The encoder is a chunk of its own, fetched only now.
    expect(shop.requests().some((p) => /^\/multiwidget\/chunks\/qr-/.test(p))).toBe(true);
    expectClean(shop.problems);
    await shop.context.close();

    // A tablet is not a desktop: links there.
    const tablet = await openShop(browser, srv, 'tablet');
    await tablet.visit('/');
    expect((await openList(tablet.page)).map((c) => [c.kind, c.tag, c.href])).toEqual([
      ['viber', 'a', 'viber://chat?number=%2B15550100200'],
      ['whatsapp', 'a', 'https://wa.me/15550100200?text=Hi'],
      ['telegram', 'a', 'https://t.me/parley_support'],
    ]);
    await tablet.context.close();
  });

  it('loads nothing but the button before the visitor interacts', async () => {
    await configure(owner, { channels: ALL });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/');
    const loaded = () => shop.requests().filter((p) => /^\/(multiwidget|widget)/.test(p));
    // No page filter or working hours in this project: not even the rules.
    expect(loaded()).toEqual(['/multiwidget.js']);
    await button(shop.page).hover();
    await button(shop.page).click();
    await items(shop.page).first().waitFor();
    expect(loaded().some((p) => p === '/multiwidget/panel.js')).toBe(true);
    expect(loaded().some((p) => /chat|qr-|rules/.test(p))).toBe(false);
    await shop.context.close();
  });

  it('page and device filters apply per channel, also after client-side navigation', async () => {
    await configure(owner, {
      channels: [
        ch('chat'),
        ch('callback', { pageFilter: { enabled: true, rules: '/catalog/*\n!/catalog/sale' } }),
        ch('phone', { target: '+15550100200', pageFilter: { enabled: true, rules: '/contacts' }, devices: ['mobile'] }),
        ch('email', { target: 'support@parley.example', devices: ['desktop', 'tablet'] }),
      ],
      // The chat's own page filter: not on the contacts page.
      pageFilter: { enabled: true, rules: '!/contacts' },
    });
    const desk = await openShop(browser, srv, 'desktop');
    await desk.visit('/catalog/windows?utm_source=ads');
    expect(await markers(desk.page)).toEqual(['chat', 'callback', 'email']);
    // This project uses page filters and no working hours: only that rule was fetched.
    expect(desk.requests().filter((p) => p.includes('/rules-'))).toEqual(['/multiwidget/rules-page.js']);
    expect((await openList(desk.page)).map((c) => c.kind)).toEqual(['chat', 'callback', 'email']);
    // A single-page app moves on: the list follows without a reload.
    await desk.page.evaluate(() => history.pushState(null, '', '/catalog/sale'));
    await expect.poll(() => markers(desk.page)).toEqual(['chat', 'email']);
    expect(await items(desk.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-channel')))).toEqual(['chat', 'email']);
    await desk.visit('/contacts');
    expect(await markers(desk.page)).toEqual(['email']);
    expectClean(desk.problems);
    await desk.context.close();

    const phone = await openShop(browser, srv, 'mobile');
    await phone.visit('/contacts/');
    expect(await markers(phone.page)).toEqual(['phone']);
    expect((await openList(phone.page)).map((c) => [c.kind, c.href])).toEqual([['phone', 'tel:+15550100200']]);
    await phone.visit('/about');
    expect(await markers(phone.page)).toEqual(['chat']);
    await phone.context.close();
  });

  it('with nothing to offer on a page, there is no button at all', async () => {
    await configure(owner, { channels: [ch('callback', { pageFilter: { enabled: true, rules: '/catalog/*' } }), ch('chat', { enabled: false })] });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/about');
    expect(await markers(shop.page)).toEqual([]);
    expect(await buttonShown(shop.page)).toBe(false);
    await shop.visit('/catalog/doors');
    expect(await buttonShown(shop.page)).toBe(true);
    await configure(owner, { enabled: false, channels: [ch('callback')] });
    const fresh = await openShop(browser, srv, 'desktop');
    await fresh.visit('/catalog/doors');
    expect(await buttonShown(fresh.page)).toBe(false);
    expect(await fresh.page.locator('parley-multiwidget').count()).toBe(1);
    await shop.context.close();
    await fresh.context.close();
  });

  it('working hours hide and bring back channels as the clock passes, the list included', async () => {
    await configure(owner, {
      channels: [ch('chat'), ch('callback', { followSchedule: true }), ch('email', { target: 'support@parley.example' })],
      schedule: OFFICE_HOURS,
      // Without the offline form the chat itself follows the working hours.
      offlineForm: false,
    });
    const shop = await openShop(browser, srv, 'desktop');
    // Monday 2026-01-05, 17:58 in Moscow (UTC+3).
    await shop.page.clock.install({ time: new Date(Date.UTC(2026, 0, 5, 14, 58)) });
    await shop.visit('/');
    expect(await markers(shop.page)).toEqual(['chat', 'callback', 'email']);
    expect((await openList(shop.page)).map((c) => c.kind)).toEqual(['chat', 'callback', 'email']);
    await shop.page.clock.fastForward('03:00');
    await expect.poll(() => markers(shop.page)).toEqual(['email']);
    expect(await items(shop.page).evaluateAll((els) => els.map((e) => e.getAttribute('data-channel')))).toEqual(['email']);
    // Tuesday 09:00 opens again.
    await shop.page.clock.fastForward('15:00:00');
    await expect.poll(() => markers(shop.page)).toEqual(['chat', 'callback', 'email']);
    // The rules were loaded for this project (it uses working hours).
    expect(shop.requests()).toContain('/multiwidget/rules-schedule.js');
    expect(shop.requests()).not.toContain('/multiwidget/rules-page.js');
    expectClean(shop.problems);
    await shop.context.close();
  });

  it('button: colour, corner and offsets, pulsating ring (not under reduced motion), call to action', async () => {
    await configure(owner, {
      channels: [ch('callback')],
      button: {
        color: '#ffcc00',
        position: 'bottom-left',
        offsetX: 30,
        offsetY: 44,
        pulse: true,
        callToAction: { en: 'Questions? Ask us' },
        callToActionDelaySeconds: 1,
      },
    });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/');
    const look = () =>
      shop.page.evaluate(() => {
        const root = document.querySelector('parley-multiwidget')!.shadowRoot!;
        const btn = root.querySelector('.btn')!;
        const box = btn.getBoundingClientRect();
        const s = getComputedStyle(btn);
        return {
          bg: s.backgroundColor,
          fg: s.color,
          left: box.left,
          bottom: innerHeight - box.bottom,
          pulse: getComputedStyle(btn, '::before').animationName,
        };
      });
    // Black on a light brand colour: the same contrast rule as the chat's launcher (widget contrastOn).
    expect(await look()).toEqual({ bg: 'rgb(255, 204, 0)', fg: 'rgb(0, 0, 0)', left: 30, bottom: 44, pulse: 'pm-pulse' });
    const cta = shop.page.locator('parley-multiwidget .cta');
    await cta.getByText('Questions? Ask us').waitFor();
    await cta.getByRole('button', { name: 'Close' }).click();
    await cta.waitFor({ state: 'hidden' });
    // The ring stops while the list is open.
    await button(shop.page).click();
    expect((await look()).pulse).toBe('none');
    await shop.context.close();

    const calm = await openShop(browser, srv, 'desktop', { reducedMotion: 'reduce' });
    await calm.visit('/');
    expect(
      await calm.page.evaluate(
        () => getComputedStyle(document.querySelector('parley-multiwidget')!.shadowRoot!.querySelector('.btn')!, '::before').animationName,
      ),
    ).toBe('none');
    await calm.context.close();
  });

  it('accessible: a real button and list, keyboard only', async () => {
    await configure(owner, { channels: [ch('chat'), ch('callback'), ch('phone', { target: '+15550100200' })] });
    const shop = await openShop(browser, srv, 'desktop');
    const { page } = shop;
    await shop.visit('/');
    const active = () =>
      page.evaluate(() => {
        const a = document.querySelector('parley-multiwidget')?.shadowRoot?.activeElement as HTMLElement | null;
        return a ? (a.getAttribute('data-channel') ?? a.className) : null;
      });
    const toggle = page.getByRole('button', { name: 'Contact us' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await page.locator('#page-link').focus();
    await page.keyboard.press('Tab');
    expect(await active()).toBe('btn');
    await page.keyboard.press('Enter');
    await page.getByRole('list').waitFor();
    expect(await page.getByRole('button', { name: 'Close' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('listitem').count()).toBe(3);
    expect(await active()).toBe('chat');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('callback');
    await page.keyboard.press('End');
    expect(await active()).toBe('phone');
    await page.keyboard.press('ArrowDown');
    expect(await active()).toBe('chat');
    await page.keyboard.press('Escape');
    expect(await active()).toBe('btn');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('parley-multiwidget .panel').count()).toBe(0);
    // A press outside closes it too.
    await page.keyboard.press('Space');
    await page.getByRole('list').waitFor();
    await page.mouse.click(200, 200);
    await page.getByRole('list').waitFor({ state: 'detached' });
    expectClean(shop.problems);
    await shop.context.close();
  });

  it('texts: the project language and overrides, channel labels, data-locale', async () => {
    await configure(owner, {
      channels: [ch('callback'), ch('phone', { target: '+74955760045', label: { ru: 'Звонок в офис', en: 'Office' } }), ch('vk', { target: 'parley' })],
      defaultLocale: 'ru',
      overrides: { ru: { 'multiwidget.title': 'Выберите, как связаться', 'multiwidget.button': 'Написать нам' } },
    });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/');
    expect(await button(shop.page).getAttribute('aria-label')).toBe('Написать нам');
    expect((await openList(shop.page)).map((c) => c.label)).toEqual(['Заказать обратный звонок', 'Звонок в офис', 'ВКонтакте']);
    await shop.page.locator('parley-multiwidget .title').getByText('Выберите, как связаться').waitFor();
    await shop.visit('/', { attrs: 'data-locale="fr"' });
    expect(await button(shop.page).getAttribute('aria-label')).toBe('Nous contacter');
    expect((await openList(shop.page)).map((c) => c.label)).toEqual(['Être rappelé', 'Appeler', 'VK']);
    await shop.context.close();
  });

  it("the product documents' goal snippet, pasted as the README gives it, finds the chat's hook at load", async () => {
    const readme = readFileSync(new URL('../../packages/multiwidget/README.md', import.meta.url), 'utf8');
    const placeholder = '// здесь добавьте код для отправки цели';
    const block = /```js\n(document\.querySelector\('\.parley-multiwidget-item-chat'\)[\s\S]*?)```/.exec(readme)?.[1] ?? '';
    // The seed's snippet word for word, with only the class name changed.
    expect(block.replace('.parley-multiwidget-item-chat', '.roistat-multiwidget-pulsator-popup-item-chat')).toBe(
      `document.querySelector('.roistat-multiwidget-pulsator-popup-item-chat').addEventListener('click', function() {\n  ${placeholder}\n})\n`,
    );
    await configure(owner, { channels: [ch('callback'), ch('chat'), ch('email', { target: 'support@parley.example' })] });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.visit('/', {
      before: `window.goals = []; window.addEventListener('load', function () {
        ${block.replace(placeholder, "goals.push('chat');")}
      });`,
    });
    await openList(shop.page);
    await item(shop.page, 'chat').click();
    await expect.poll(() => shop.page.evaluate(() => (window as unknown as { goals: string[] }).goals)).toEqual(['chat']);
    expectClean(shop.problems);
    await shop.context.close();
  });

  it('goals: channel:click with the channel, the analytics adapters, and the seed-style hook classes', async () => {
    await configure(owner, { channels: [ch('chat'), ch('callback'), ch('telegram', { target: '@parley_support' })] });
    const shop = await openShop(browser, srv, 'desktop');
    await shop.context.route('https://t.me/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Telegram</p>' }));
    await shop.visit('/', {
      before: `
        window.calls = [];
        window.ym = function () { calls.push(['ym'].concat([].slice.call(arguments))); };
        window.gtag = function () { calls.push(['gtag'].concat([].slice.call(arguments))); };
        window.dataLayer = [];
        parley('multiwidget.init', { goals: {
          'channel:click': { ym: { counter: 42, goal: 'mw_{channel}' }, gtag: 'contact_{channel}', dataLayer: 'contact' },
          open: { gtag: 'mw_open' },
        } });
        parley('multiwidget.on', 'channel:click', function (e) { calls.push(['event', e.channel]); });
        parley('multiwidget.on', 'ready', function () {
          document.querySelector('.parley-multiwidget-item-callback').addEventListener('click', function (e) {
            calls.push(['hook', e.target.dataset.channel]);
          });
          document.addEventListener('click', function (e) {
            var hit = e.target.closest && e.target.closest('.parley-multiwidget-item-telegram');
            if (hit) calls.push(['delegated', hit.dataset.channel]);
          });
        });`,
    });
    const calls = () => shop.page.evaluate(() => (window as unknown as { calls: unknown[][] }).calls);
    const layer = () => shop.page.evaluate(() => (window as unknown as { dataLayer: unknown[] }).dataLayer);
    await openList(shop.page);
    expect(await calls()).toEqual([['gtag', 'event', 'mw_open']]);
    await item(shop.page, 'callback').click();
    expect(await calls()).toEqual([
      ['gtag', 'event', 'mw_open'],
      ['hook', 'callback'],
      ['event', 'callback'],
      ['gtag', 'event', 'contact_callback'],
      ['ym', 42, 'reachGoal', 'mw_callback'],
    ]);
    expect(await layer()).toEqual([{ event: 'contact' }]);
    await shop.page.getByRole('button', { name: 'Back', exact: true }).click();
    const [popup] = await Promise.all([shop.context.waitForEvent('page'), item(shop.page, 'telegram').click()]);
    await popup.waitForLoadState();
    expect(popup.url()).toBe('https://t.me/parley_support');
    expect((await calls()).slice(5)).toEqual([
      ['delegated', 'telegram'],
      ['event', 'telegram'],
      ['gtag', 'event', 'contact_telegram'],
      ['ym', 42, 'reachGoal', 'mw_telegram'],
    ]);
    expectClean(shop.problems);
    await shop.context.close();
  });

  it('works under a strict CSP with Trusted Types, without touching the page', async () => {
    await configure(owner, {
      channels: [ch('callback'), ch('viber', { target: '+15550100200' }), ch('phone', { target: '+15550100200', followSchedule: true })],
      schedule: OFFICE_HOURS,
    });
    const shop = await openShop(browser, srv, 'desktop');
    const ws = srv.url.replace(/^http/, 'ws');
    const csp = [
      "default-src 'none'",
      `script-src ${srv.url} 'nonce-t3st'`,
      `connect-src ${srv.url} ${ws}`,
      "style-src 'none'",
      "img-src 'none'",
      "require-trusted-types-for 'script'",
      "trusted-types 'none'",
      "base-uri 'none'",
    ].join('; ');
    await shop.visit('/', { csp, nonce: 't3st' });
    // (__parleyReportViolation is the test's own probe, see browser-helper.)
    const before = await shop.page.evaluate(() => ({
      globals: Object.keys(window)
        .filter((k) => /parley/i.test(k) && k !== '__parleyReportViolation')
        .sort(),
      sheets: document.styleSheets.length,
    }));
    // Constructed stylesheets apply even with style-src 'none': the button is styled.
    expect(
      await shop.page.evaluate(() => {
        const b = document.querySelector('parley-multiwidget')!.shadowRoot!.querySelector('.btn')!;
        return [b.getBoundingClientRect().width, getComputedStyle(b).borderRadius];
      }),
    ).toEqual([60, '50%']);
    await openList(shop.page);
    await item(shop.page, 'viber').click();
    await shop.page.locator('parley-multiwidget svg.qr path').waitFor();
    await shop.page.getByRole('button', { name: 'Back', exact: true }).click();
    await item(shop.page, 'callback').click();
    await shop.page.getByLabel('Phone').fill('+1 555 010 0200');
    await shop.page.getByRole('button', { name: 'Call me back' }).click();
    await shop.page.getByText('Thank you! We will call you soon.').waitFor();
    expect(await shop.page.evaluate(() => document.styleSheets.length)).toBe(before.sheets);
    expect(before.globals).toEqual(['parley']);
    expectClean(shop.problems);
    await shop.context.close();
  });
});
