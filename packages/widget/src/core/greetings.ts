import { effect } from './signals';
import { matchesPageRules, type Greeting, type Locale } from '@parley/protocol';
import { el } from './dom';
import type { WidgetState } from './state';
import { parse } from './check';
import { warn } from './warn';
import { checkGreetings } from '../generated/validators-greetings';

/** The bubble's close label until the chat's texts are loaded (the launcher's texts do not carry it: only this chunk needs it). */
export const GREETING_CLOSE: Readonly<Record<Locale, string>> = { en: 'Dismiss', ru: 'Скрыть', fr: 'Masquer' };

// The bubble can show before the panel's CSS (which defines the theme) has loaded: the three
// theme colours it uses, as the panel's CSS defines them (ui/panel-css.ts).
const DARK = '--bg:#1f2937;--fg:#f9fafb;--mu:#9ca3af';
const CSS = `
:host{--bg:#fff;--fg:#111827;--mu:#6b7280}
:host([data-theme=dark]){${DARK}}
@media (prefers-color-scheme:dark){:host([data-theme=auto]){${DARK}}}
.gr{position:absolute;bottom:68px;right:0;display:flex;align-items:flex-start;gap:4px;width:max-content;max-width:min(300px,calc(100vw - 32px));padding:10px 6px 10px 14px;border-radius:14px;background:var(--bg);color:var(--fg);box-shadow:0 6px 24px #0003;font:14px/1.4 system-ui,sans-serif}
:host([data-pos=left]) .gr{right:auto;left:0}
:host([data-state=open]) .gr{display:none}
.gt{all:unset;cursor:pointer;white-space:pre-wrap;overflow-wrap:anywhere}
.gx{all:unset;cursor:pointer;padding:0 6px;font-size:18px;line-height:1;color:var(--mu)}
.gt:focus-visible,.gx:focus-visible{outline:2px solid var(--pt,currentColor);outline-offset:2px}
`;
/** Keys or an editable element with the focus this recently: the visitor is typing, the greeting waits. */
const TYPING = 2000;

export interface GreetingDeps {
  win: Window & typeof globalThis;
  doc: Document;
  root: ShadowRoot;
  state: WidgetState;
  project: string;
  adopt(css: string): () => void;
  open(): void;
}

/** The element that really has the focus, inside shadow roots too. */
function active(doc: Document): Element | null {
  let a = doc.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/**
 * Proactive greetings (project settings): after `delaySeconds` on a page, or when a desktop
 * visitor's pointer leaves the page towards the tabs ("exit"), on the pages the rules allow, at
 * most once per visitor in `everyHours` (kept in localStorage), one per page view, and never while
 * the visitor types (it waits). The bubble sits above the launcher; a click on it opens the chat,
 * which then starts with the greeting. Loaded only for projects that have greetings.
 */
export function startGreetings(d: GreetingDeps): () => void {
  const { win, doc, state } = d;
  let timers: ReturnType<typeof setTimeout>[] = [];
  let lastKey = -Infinity;
  let bubble: HTMLElement | null = null;
  let shownHere = false;
  const key = (g: Greeting) => `parley:${d.project}:greeting:${g.id}`;
  const seen = (g: Greeting): boolean => {
    try {
      return Date.now() - Number(win.localStorage.getItem(key(g)) ?? 0) < g.everyHours * 3600_000;
    } catch {
      return false;
    }
  };
  const typing = () => {
    const a = active(doc) as HTMLElement | null;
    return Date.now() - lastKey < TYPING || (!!a && (a.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)));
  };
  const unstyle = d.adopt(CSS);

  const show = (g: Greeting) => {
    if (shownHere || seen(g) || state.open.peek() || !state.visible.peek() || !state.effective.peek()?.launcher) return;
    if (typing()) {
      timers.push(win.setTimeout(() => show(g), TYPING));
      return;
    }
    const locale = state.locale.peek();
    const text = g.text[locale] || g.text.en || g.text.ru || g.text.fr;
    if (!text) return;
    shownHere = true;
    try {
      win.localStorage.setItem(key(g), String(Date.now()));
    } catch {
      // no storage: once per page view then
    }
    state.greeting.value = text;
    const open = el(doc, 'button', { type: 'button', class: 'gt' }, text);
    const close = el(doc, 'button', { type: 'button', class: 'gx', 'aria-label': state.t.peek()('greeting.close') || GREETING_CLOSE[locale] }, '×');
    bubble = el(doc, 'div', { class: 'gr', role: 'status' });
    bubble.append(open, close);
    open.addEventListener('click', () => d.open());
    close.addEventListener('click', hide);
    d.root.append(bubble);
  };
  const hide = () => {
    bubble?.remove();
    bubble = null;
  };

  const onKey = () => (lastKey = Date.now());
  const onOut = (e: MouseEvent) => {
    if (e.relatedTarget || e.clientY > 0) return;
    for (const g of current()) if (g.trigger === 'exit') show(g);
  };
  // The config's greetings, checked here (the loader and the chat check only `enabled`): a bad list is reported once and none shows.
  let raw: unknown;
  let list: Greeting[] = [];
  const all = () => {
    const now = state.effective.peek()?.config.greetings;
    if (now !== raw) {
      raw = now;
      const r = parse(checkGreetings, now);
      if (!r.ok) warn(`config failed validation at greetings${r.path && '.' + r.path}`);
      list = r.ok ? r.value : [];
    }
    return list;
  };
  // The greetings this page may show.
  const current = () => all().filter((g) => g.enabled && (!g.pages.trim() || matchesPageRules(g.pages, state.url.peek())));
  win.addEventListener('keydown', onKey, { capture: true, passive: true });
  if (state.device === 'desktop') doc.addEventListener('mouseout', onOut);

  // Each page (a single-page app's routes too) counts its own time.
  const stop = effect(() => {
    void state.url.value;
    void state.effective.value;
    for (const t of timers) win.clearTimeout(t);
    timers = [];
    shownHere = !!bubble;
    for (const g of current()) if (g.trigger === 'time') timers.push(win.setTimeout(() => show(g), g.delaySeconds * 1000));
  });
  // Opened: the bubble has done its job.
  const stopOpen = effect(() => {
    if (state.open.value) hide();
  });

  return () => {
    stop();
    stopOpen();
    for (const t of timers) win.clearTimeout(t);
    win.removeEventListener('keydown', onKey, { capture: true });
    doc.removeEventListener('mouseout', onOut);
    hide();
    unstyle();
  };
}
