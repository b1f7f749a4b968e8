import type { Locale } from '@parley/protocol';
import { MAIL_TEXTS, type MailTextId } from './texts';

/** A value filled into a sentence: text, or a link (an anchor in HTML, the bare URL in text). */
export type MailVar = string | { href: string; label?: string };
export type MailVars = Record<string, MailVar>;

/** A mail's body, as blocks both the text and the HTML part are made from. */
export type MailBlock =
  | { say: MailTextId; vars?: MailVars }
  | { rows: [label: string, value: string][] }
  | { messages: { author: string; at: string; text: string }[] }
  | { small: MailTextId; vars?: MailVars };

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every value that goes into HTML passes here: names, texts, addresses, even our own links. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c] as string);
}

/** Only http(s) links become anchors (a visitor-supplied "page" could be javascript:). */
function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

function fillText(template: string, vars: MailVars = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, k: string) => {
    const v = vars[k];
    if (v === undefined) return all;
    return typeof v === 'string' ? v : v.href;
  });
}

function fillHtml(template: string, vars: MailVars = {}): string {
  // Split on placeholders first, so a value can never be read as a placeholder or as markup.
  return template
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      const v = m ? vars[m[1] as string] : undefined;
      if (!m || v === undefined) return escapeHtml(part);
      if (typeof v === 'string') return escapeHtml(v);
      const href = safeHref(v.href);
      const label = escapeHtml(v.label ?? v.href);
      return href ? `<a href="${escapeHtml(href)}">${label}</a>` : label;
    })
    .join('');
}

/** A subject is one line: a visitor's name with line breaks must not add headers or lines. */
export function oneLine(s: string, max = 200): string {
  const flat = s
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function htmlLines(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, '<br>');
}

export function renderMail(locale: Locale, subject: { id: MailTextId; vars?: MailVars }, blocks: MailBlock[]): RenderedMail {
  const t = MAIL_TEXTS[locale];
  const text: string[] = [];
  const html: string[] = [];
  for (const b of blocks) {
    if ('say' in b) {
      text.push(fillText(t[b.say], b.vars));
      html.push(`<p>${fillHtml(t[b.say], b.vars)}</p>`);
    } else if ('small' in b) {
      text.push(`--\n${fillText(t[b.small], b.vars)}`);
      html.push(`<p style="color:#6b7280;font-size:12px">${fillHtml(t[b.small], b.vars)}</p>`);
    } else if ('rows' in b) {
      text.push(b.rows.map(([k, v]) => `${k}: ${v}`).join('\n'));
      html.push(`<table>${b.rows.map(([k, v]) => `<tr><th align="left" valign="top">${escapeHtml(k)}</th><td>${htmlLines(v)}</td></tr>`).join('')}</table>`);
    } else {
      text.push(b.messages.map((m) => `${m.author} (${m.at}):\n${m.text}`).join('\n\n'));
      html.push(
        b.messages.map((m) => `<p><b>${escapeHtml(m.author)}</b> <span style="color:#6b7280">${escapeHtml(m.at)}</span><br>${htmlLines(m.text)}</p>`).join(''),
      );
    }
  }
  return {
    subject: oneLine(fillText(t[subject.id], subject.vars)),
    text: `${text.join('\n\n')}\n`,
    html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:14px;line-height:1.5">${html.join('\n')}</body></html>`,
  };
}

/** A time as people of this locale write it, in the project's time zone. */
export function mailTime(at: number, locale: Locale, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(at);
  } catch {
    return new Date(at).toISOString();
  }
}
