/**
 * Deep links for every messenger channel, in each messenger's documented form. Only the
 * multiwidget builds them, so they live here (the server stores targets as plain text).
 *
 * Every builder returns null for a target it cannot turn into a safe link, so a broken or hostile
 * config hides the channel instead of producing a `javascript:`/`data:` or malformed link. Every
 * output starts with one of the fixed prefixes below; user text only ever reaches the link through
 * encodeURIComponent.
 *
 * Forms:
 * - Telegram   https://t.me/<username>            (+ `?start=<ref>` for bots, else `?text=<text>`)
 * - WhatsApp   https://wa.me/<digits>             (+ `?text=<text>`)
 * - Viber      viber://chat?number=%2B<digits>    (a phone number; phone-only, hence QR on desktop)
 *              viber://pa?chatURI=<uri>           (a bot / public account; + `&context=<ref>`, `&text=<text>`)
 * - VK         https://vk.me/<name>               (+ `?ref=<ref>`)
 * - Messenger  https://m.me/<page>                (+ `?ref=<ref>`)
 * - Email      mailto:<address>                   (+ `?subject=<text>`)
 * - Phone      tel:+<digits>
 * - Link       any absolute http(s) URL
 */
import type { ChannelKind } from '@parley/protocol';

export interface LinkInput {
  kind: ChannelKind;
  target: string;
  text?: string | undefined;
  /** The visitor's dialog reference; already decided to be passed (passRef) and safe (see refOrNull). */
  ref?: string | undefined;
}

/** A ref travels inside other companies' URLs: keep it to the Telegram `start` alphabet and length. */
const REF_RE = /^[A-Za-z0-9_-]{1,64}$/;
export function refOrNull(ref: unknown): string | null {
  return typeof ref === 'string' && REF_RE.test(ref) ? ref : null;
}

const enc = encodeURIComponent;
const query = (params: [string, string | null | undefined][]): string => {
  const parts = params.filter((p): p is [string, string] => !!p[1]).map(([k, val]) => `${k}=${enc(val)}`);
  return parts.length ? `?${parts.join('&')}` : '';
};

/**
 * International number as digits only: `+7 (495) 576-00-45` -> `74955760045`. Separators people
 * type (spaces, dashes, dots, brackets) are dropped; anything else (letters, a second +) is refused.
 * 7..15 digits: E.164 allows 15, and shorter strings are not reachable international numbers.
 */
export function phoneDigits(target: string): string | null {
  const s = target.trim();
  if (!/^\+?[0-9\s().-]+$/.test(s)) return null;
  const digits = s.replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 ? digits : null;
}

/** Strips a known host prefix (`https://t.me/`, `t.me/`, `@`) and a trailing slash. */
function handle(target: string, hosts: readonly string[]): string {
  let s = target.trim();
  for (const h of hosts) {
    const m = new RegExp(`^(?:https?://)?(?:www\\.)?${h.replace(/\./g, '\\.')}/`, 'i').exec(s);
    if (m) {
      s = s.slice(m[0].length);
      break;
    }
  }
  if (s.startsWith('@')) s = s.slice(1);
  return s.replace(/\/$/, '');
}

// Telegram usernames: a letter, then letters, digits, underscores; 4..32 characters in all.
const TELEGRAM_RE = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
export function telegramLink(target: string, text?: string, ref?: string): string | null {
  const name = handle(target, ['t.me', 'telegram.me']);
  if (!TELEGRAM_RE.test(name)) return null;
  // Only bots (whose usernames end in "bot") understand start; a bot with a start parameter shows a
  // Start button instead of the input field, so a pre-filled text would be lost there anyway.
  const start = /bot$/i.test(name) ? refOrNull(ref) : null;
  return `https://t.me/${name}${start ? query([['start', start]]) : query([['text', text]])}`;
}

export function whatsappLink(target: string, text?: string): string | null {
  const digits = phoneDigits(handle(target, ['wa.me']));
  return digits ? `https://wa.me/${digits}${query([['text', text]])}` : null;
}

// Viber public account / bot URIs: letters, digits and a few marks, as shown in the Viber admin panel.
const VIBER_URI_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export function viberLink(target: string, text?: string, ref?: string): string | null {
  const digits = /^\+?[0-9\s().-]+$/.test(target.trim()) ? phoneDigits(target) : null;
  if (digits) return `viber://chat?number=%2B${digits}`;
  const uri = handle(target, ['chats.viber.com']);
  if (!VIBER_URI_RE.test(uri)) return null;
  return `viber://pa${query([
    ['chatURI', uri],
    ['context', refOrNull(ref)],
    ['text', text],
  ])}`;
}

// VK short names (a-z, digits, underscore, dot; 2..32) or club123 / public123 ids.
const VK_RE = /^[A-Za-z0-9_.]{2,32}$/;
export function vkLink(target: string, ref?: string): string | null {
  const name = handle(target, ['vk.me', 'vk.com', 'm.vk.com']);
  if (!VK_RE.test(name) || name.startsWith('.') || name.endsWith('.')) return null;
  return `https://vk.me/${name}${query([['ref', refOrNull(ref)]])}`;
}

// Facebook page usernames (letters, digits, dots; 5..50) or numeric page ids.
const MESSENGER_RE = /^(?:[A-Za-z0-9.]{5,50}|[0-9]{5,20})$/;
export function messengerLink(target: string, ref?: string): string | null {
  const page = handle(target, ['m.me', 'facebook.com', 'fb.com']);
  if (!MESSENGER_RE.test(page) || page.startsWith('.') || page.endsWith('.')) return null;
  return `https://m.me/${page}${query([['ref', refOrNull(ref)]])}`;
}

// One address; no characters that would end the address or start mailto headers (?, &, #, %, ,).
// The domain may be internationalised (почта.рф); non-ASCII is percent-encoded in the link.
const EMAIL_RE = /^[^\s@<>()[\]\\,;:"?&#%/]+@[\p{L}\p{N}](?:[\p{L}\p{N}.-]*[\p{L}\p{N}])?\.(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu;
export function emailLink(target: string, subject?: string): string | null {
  const address = target.trim().replace(/^mailto:/i, '');
  if (address.length > 254 || !EMAIL_RE.test(address) || address.includes('..')) return null;
  return `mailto:${encodeURI(address)}${query([['subject', subject]])}`;
}

export function phoneLink(target: string): string | null {
  const digits = phoneDigits(target.replace(/^tel:/i, ''));
  return digits ? `tel:+${digits}` : null;
}

export function customLink(target: string): string | null {
  const s = target.trim();
  // Absolute URLs only: a relative one would resolve against whatever page the widget is on.
  if (!/^https?:\/\//i.test(s)) return null;
  try {
    const url = new URL(s);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

/** The link a channel opens; null for chat and callback (no link) and for an unusable target. */
export function channelLink({ kind, target, text, ref }: LinkInput): string | null {
  if (typeof target !== 'string') return null;
  const t = text?.trim() || undefined;
  switch (kind) {
    case 'telegram':
      return telegramLink(target, t, ref);
    case 'whatsapp':
      return whatsappLink(target, t);
    case 'viber':
      return viberLink(target, t, ref);
    case 'vk':
      return vkLink(target, ref);
    case 'messenger':
      return messengerLink(target, ref);
    case 'email':
      return emailLink(target, t);
    case 'phone':
      return phoneLink(target);
    case 'link':
      return customLink(target);
    default:
      return null;
  }
}

const SAFE_PREFIXES = [
  'https://t.me/',
  'https://wa.me/',
  'viber://chat?',
  'viber://pa?',
  'https://vk.me/',
  'https://m.me/',
  'mailto:',
  'tel:+',
  'http://',
  'https://',
];
/** Last line of defence before a link reaches an href: only the schemes the builders produce. */
export function isSafeLink(href: string): boolean {
  return SAFE_PREFIXES.some((p) => href.startsWith(p)) && !/[\s\u0000-\u001f\u007f]/.test(href);
}
