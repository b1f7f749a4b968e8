import { describe, it, expect } from 'vitest';
import {
  channelLink,
  customLink,
  emailLink,
  isSafeLink,
  messengerLink,
  phoneDigits,
  phoneLink,
  refOrNull,
  telegramLink,
  viberLink,
  vkLink,
  whatsappLink,
} from './links';
import { CHANNEL_KINDS } from '@parley/protocol';

const REF = 'dlg_8fK2-x';

describe('phoneDigits', () => {
  it.each([
    ['+7 (495) 576-00-45', '74955760045'],
    ['+7 495 576 00 45', '74955760045'],
    ['74955760045', '74955760045'],
    ['+33.1.23.45.67.89', '33123456789'],
    ['  +1 555 123 4567 ', '15551234567'],
    ['+7\u00a0495\u00a0576\u00a00045', '74955760045'], // pasted with no-break spaces
  ])('%j -> %s', (input, digits) => {
    expect(phoneDigits(input)).toBe(digits);
  });
  it.each(['', '+', '123456', '+7 495 CALL-NOW', '++74955760045', '7495+5760045', '+1234567890123456', 'tel:+74955760045', '+7 495 / 576'])(
    'refuses %j',
    (input) => {
      expect(phoneDigits(input)).toBeNull();
    },
  );
});

describe('refOrNull', () => {
  it('keeps the Telegram start alphabet, 1..64 characters', () => {
    expect(refOrNull(REF)).toBe(REF);
    expect(refOrNull('a'.repeat(64))).toBe('a'.repeat(64));
  });
  it.each(['', 'a'.repeat(65), 'a b', 'a/b', 'a&b=c', 'дом', undefined, null, 5])('refuses %j', (ref) => {
    expect(refOrNull(ref)).toBeNull();
  });
});

describe('telegramLink', () => {
  it.each([
    ['parley_support', 'https://t.me/parley_support'],
    ['@parley_support', 'https://t.me/parley_support'],
    ['https://t.me/parley_support', 'https://t.me/parley_support'],
    ['t.me/parley_support/', 'https://t.me/parley_support'],
    ['http://telegram.me/parley_support', 'https://t.me/parley_support'],
    ['  @ParleyBot ', 'https://t.me/ParleyBot'],
  ])('%j -> %s', (target, href) => {
    expect(telegramLink(target)).toBe(href);
  });
  it('pre-fills text, percent-encoded (Cyrillic, spaces, &)', () => {
    expect(telegramLink('@parley_support', 'Здравствуйте, есть вопрос & ещё')).toBe(
      'https://t.me/parley_support?text=%D0%97%D0%B4%D1%80%D0%B0%D0%B2%D1%81%D1%82%D0%B2%D1%83%D0%B9%D1%82%D0%B5%2C%20%D0%B5%D1%81%D1%82%D1%8C%20%D0%B2%D0%BE%D0%BF%D1%80%D0%BE%D1%81%20%26%20%D0%B5%D1%89%D1%91',
    );
  });
  it('passes the ref as start to bots only, instead of the text', () => {
    expect(telegramLink('@ParleyBot', 'Hi', REF)).toBe(`https://t.me/ParleyBot?start=${REF}`);
    expect(telegramLink('@parley_support', 'Hi', REF)).toBe('https://t.me/parley_support?text=Hi');
    expect(telegramLink('@parley_bot', undefined, 'not a ref!')).toBe('https://t.me/parley_bot');
  });
  it.each(['', '@', 'abc', '1parley', 'parley-support', 'a'.repeat(33), 'javascript:alert(1)', 'https://evil.com/x', 'parley?start=x', '@@parley'])(
    'refuses %j',
    (target) => {
      expect(telegramLink(target)).toBeNull();
    },
  );
});

describe('whatsappLink', () => {
  it('uses digits only and encodes the text', () => {
    expect(whatsappLink('+7 (999) 123-45-67')).toBe('https://wa.me/79991234567');
    expect(whatsappLink('+7 999 123 45 67', 'Хочу заказать окна')).toBe(
      'https://wa.me/79991234567?text=%D0%A5%D0%BE%D1%87%D1%83%20%D0%B7%D0%B0%D0%BA%D0%B0%D0%B7%D0%B0%D1%82%D1%8C%20%D0%BE%D0%BA%D0%BD%D0%B0',
    );
    expect(whatsappLink('https://wa.me/79991234567')).toBe('https://wa.me/79991234567');
  });
  it('encodes + and # in the text so they are not read as a space or a fragment', () => {
    expect(whatsappLink('79991234567', '1+1 #2 50%')).toBe('https://wa.me/79991234567?text=1%2B1%20%232%2050%25');
  });
  it.each(['', '+7 999 ABC', 'javascript:alert(1)', '12345', '+7 999 123 45 67 89 01 2'])('refuses %j', (target) => {
    expect(whatsappLink(target)).toBeNull();
  });
});

describe('viberLink', () => {
  it('links a phone number with an encoded +', () => {
    expect(viberLink('+7 999 123-45-67')).toBe('viber://chat?number=%2B79991234567');
    expect(viberLink('79991234567', 'Hi', REF)).toBe('viber://chat?number=%2B79991234567');
  });
  it('links a public account / bot with context and text', () => {
    expect(viberLink('parleybot')).toBe('viber://pa?chatURI=parleybot');
    expect(viberLink('https://chats.viber.com/parley', 'Привет', REF)).toBe(
      `viber://pa?chatURI=parley&context=${REF}&text=%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82`,
    );
  });
  it.each(['', '+7 999', 'javascript:alert(1)', 'pa?chatURI=x&y', '-bad'])('refuses %j', (target) => {
    expect(viberLink(target)).toBeNull();
  });
});

describe('vkLink', () => {
  it.each([
    ['parley', 'https://vk.me/parley'],
    ['https://vk.com/parley.shop', 'https://vk.me/parley.shop'],
    ['vk.me/club123456', 'https://vk.me/club123456'],
    ['@parley', 'https://vk.me/parley'],
  ])('%j -> %s', (target, href) => {
    expect(vkLink(target)).toBe(href);
  });
  it('adds the ref', () => {
    expect(vkLink('parley', REF)).toBe(`https://vk.me/parley?ref=${REF}`);
  });
  it.each(['', 'a', 'vk.com/', 'par ley', '.parley', 'javascript:alert(1)', 'https://evil.com/parley'])('refuses %j', (target) => {
    expect(vkLink(target)).toBeNull();
  });
});

describe('messengerLink', () => {
  it.each([
    ['whatshelp', 'https://m.me/whatshelp'],
    ['http://m.me/whatshelp', 'https://m.me/whatshelp'],
    ['https://www.facebook.com/parley.support/', 'https://m.me/parley.support'],
    ['100089123456789', 'https://m.me/100089123456789'],
  ])('%j -> %s', (target, href) => {
    expect(messengerLink(target)).toBe(href);
  });
  it('adds the ref (seed: m.me/<page>?ref=<param>)', () => {
    expect(messengerLink('whatshelp', REF)).toBe(`https://m.me/whatshelp?ref=${REF}`);
  });
  it.each(['', 'abc', 'what_help', 'javascript:alert(1)', '.whatshelp'])('refuses %j', (target) => {
    expect(messengerLink(target)).toBeNull();
  });
});

describe('emailLink', () => {
  it('builds mailto with a percent-encoded subject', () => {
    expect(emailLink('hello@example.com')).toBe('mailto:hello@example.com');
    expect(emailLink('mailto:hello@example.com', 'Вопрос с сайта & цена')).toBe(
      'mailto:hello@example.com?subject=%D0%92%D0%BE%D0%BF%D1%80%D0%BE%D1%81%20%D1%81%20%D1%81%D0%B0%D0%B9%D1%82%D0%B0%20%26%20%D1%86%D0%B5%D0%BD%D0%B0',
    );
    expect(emailLink('first.last+tag@sub.example.co.uk')).toBe('mailto:first.last+tag@sub.example.co.uk');
  });
  it('percent-encodes an internationalised address', () => {
    expect(emailLink('info@почта.рф')).toBe('mailto:info@%D0%BF%D0%BE%D1%87%D1%82%D0%B0.%D1%80%D1%84');
    expect(emailLink('info@xn--80a1acny.xn--p1ai')).toBe('mailto:info@xn--80a1acny.xn--p1ai');
  });
  it.each([
    '',
    'hello',
    'hello@',
    '@example.com',
    'a@b',
    'a b@example.com',
    'a@example.com?bcc=x@evil.com',
    'a@example.com&body=x',
    'a@example.com,b@example.com',
    'a@exa..mple.com',
    'javascript:alert(1)//@example.com',
  ])('refuses %j', (target) => {
    expect(emailLink(target)).toBeNull();
  });
});

describe('phoneLink', () => {
  it.each([
    ['+7 495 576-00-45', 'tel:+74955760045'],
    ['+7 (812) 448 39 55', 'tel:+78124483955'],
    ['tel:+74955760045', 'tel:+74955760045'],
    ['74955760045', 'tel:+74955760045'],
  ])('%j -> %s', (target, href) => {
    expect(phoneLink(target)).toBe(href);
  });
  it.each(['', '911', 'call us', '+7 495 576 00 45 ext 2'])('refuses %j', (target) => {
    expect(phoneLink(target)).toBeNull();
  });
});

describe('customLink', () => {
  it('accepts absolute http(s) URLs, normalised', () => {
    expect(customLink('https://example.com/contact?from=widget')).toBe('https://example.com/contact?from=widget');
    expect(customLink('HTTP://Example.com')).toBe('http://example.com/');
    expect(customLink('https://пример.рф/контакты')).toBe('https://xn--e1afmkfd.xn--p1ai/%D0%BA%D0%BE%D0%BD%D1%82%D0%B0%D0%BA%D1%82%D1%8B');
  });
  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:x',
    'file:///etc/passwd',
    '//evil.com',
    '/contact',
    'example.com',
    'https://',
    'mailto:a@b.c',
    'ftp://example.com',
    'java\nscript:alert(1)',
  ])('refuses %j', (target) => {
    expect(customLink(target)).toBeNull();
  });
});

describe('channelLink', () => {
  it('dispatches by kind and has no link for chat and callback', () => {
    expect(channelLink({ kind: 'telegram', target: '@parley_support', text: ' ' })).toBe('https://t.me/parley_support');
    expect(channelLink({ kind: 'phone', target: '+7 495 576 00 45' })).toBe('tel:+74955760045');
    expect(channelLink({ kind: 'chat', target: 'https://example.com' })).toBeNull();
    expect(channelLink({ kind: 'callback', target: '+74955760045' })).toBeNull();
  });
  it('never produces anything but the documented schemes, whatever the target', () => {
    const hostile = [
      'javascript:alert(1)',
      'data:text/html,x',
      '"><img src=x onerror=alert(1)>',
      'https://evil.com',
      '@x',
      '+7 999 123 45 67',
      'mailto:x@evil.com',
      'viber://chat?number=1',
      'tel:+79991234567',
      'https://t.me/good_name',
      'a@b.co',
      '\u0000javascript:x',
    ];
    for (const kind of CHANNEL_KINDS) {
      for (const target of hostile) {
        const href = channelLink({ kind, target, text: 'x"&y', ref: REF });
        if (href !== null) expect(isSafeLink(href), `${kind} ${target} -> ${href}`).toBe(true);
      }
    }
  });
});

describe('isSafeLink', () => {
  it.each(['javascript:alert(1)', 'data:x', 'viber://forward?text=x', 'tel:123', 'https://x.com/ a', 'https://x.com/\n'])('refuses %j', (href) => {
    expect(isSafeLink(href)).toBe(false);
  });
});
