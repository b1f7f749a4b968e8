/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import { HELP_TAGS, HelpRoutes, safeUrl, type HelpHit, type HelpNode } from '@parley/protocol';
import type { ComponentChildren } from 'preact';
import { signal } from '../core/signals';
import type { Props, RequestsView } from './store';
import { HELP_CSS } from './help-css';
import { helpCache, type Doc } from './help-cache';
const TAGS: ReadonlySet<string> = new Set(HELP_TAGS);
const SEARCH_AFTER_MS = 250;

/**
 * The Help tab (issue 19), created when the visitor opens it: search (stemmed by
 * the server, so any form of a word finds the article), categories, articles read inside the
 * panel, and "Still need help? Write to us", which opens the chat with the article named in the
 * message being written. Articles read once stay in memory while the page lives, and in
 * IndexedDB for reading offline (help-cache.ts): then the tab says it shows a saved copy.
 */
export function createHelp(p: Props['p'], startAt: string | null): RequestsView {
  const { ctx, ui } = p;
  const win = ctx.win;
  const q = signal('');
  const category = signal('');
  const list = signal<{ articles: HelpHit[]; categories: string[]; saved?: true } | null>(null);
  const open = signal<Doc | null>(null);
  const helped = signal<Readonly<Record<string, true>>>({});
  const read = new Map<string, Doc>();
  const cache = helpCache(win, ctx.project);
  let timer: number | undefined;
  let asked = '';
  if (!p.ui.sheets.has(HELP_CSS)) p.ui.sheets.set(HELP_CSS, ctx.host.adopt(HELP_CSS));

  const project = ctx.project;
  const locale = () => ctx.state.locale.value;
  const load = () => {
    const qs = new URLSearchParams({ locale: locale() });
    if (q.value.trim()) qs.set('q', q.value.trim());
    if (category.value) qs.set('category', category.value);
    const key = qs.toString();
    asked = key;
    void p.get(`${HelpRoutes.list(project)}?${key}`).then(async (body) => {
      if (asked !== key) return;
      // Offline (or the server failed): the articles read before, from the device.
      if (body === null) {
        const saved = await cache.all();
        if (asked === key) list.value = { articles: saved.map((d) => ({ id: d.id, title: d.title, category: '', excerpt: '' })), categories: [], saved: true };
        return;
      }
      const b = body as { articles?: unknown; categories?: unknown } | null;
      const articles = Array.isArray(b?.articles) ? (b.articles as HelpHit[]).filter((a) => typeof a?.id === 'string' && typeof a.title === 'string') : [];
      const categories = Array.isArray(b?.categories) ? (b.categories as unknown[]).filter((c): c is string => typeof c === 'string') : [];
      list.value = { articles, categories };
      checkSaved();
    });
  };
  // Online again: once per opening, ask which saved copies are still published and drop the others
  // (an article unpublished or deleted must not stay readable on the device).
  let checked = false;
  const checkSaved = () => {
    if (checked) return;
    checked = true;
    void cache.all().then(async (saved) => {
      if (saved.length === 0) return;
      const body = (await p.get(`${HelpRoutes.list(project)}?${new URLSearchParams({ ids: saved.map((d) => d.id).join(',') }).toString()}`)) as {
        articles?: unknown;
      } | null;
      if (!Array.isArray(body?.articles)) return;
      const live = new Set((body.articles as { id?: unknown }[]).map((a) => a?.id));
      await cache.drop((id) => !live.has(id));
    });
  };
  const show = (id: string) => {
    const known = read.get(id);
    if (known) {
      open.value = known;
      return;
    }
    // The article route is public: fetched here (not through the session's get) to tell "gone" (404:
    // unpublished or deleted, its saved copy is dropped) from "no network" (the saved copy shows).
    void win
      .fetch(ctx.server + HelpRoutes.article(project, id))
      .then(
        (r) => (r.status === 404 ? 404 : r.ok ? r.json() : null),
        () => null,
      )
      .then(async (body: unknown) => {
        const a = (body as { article?: { id?: unknown; title?: unknown; doc?: unknown } } | null)?.article;
        if (!a || typeof a.id !== 'string' || typeof a.title !== 'string' || !Array.isArray(a.doc)) {
          if (body === 404) {
            await cache.drop((x) => x === id);
            load();
          }
          const saved = body === null ? await cache.one(id) : undefined;
          if (saved) open.value = { ...saved, saved: true };
          return;
        }
        const doc: Doc = { id: a.id, title: a.title, doc: a.doc as HelpNode[] };
        read.set(id, doc);
        cache.save(doc);
        open.value = doc;
        void p.post(HelpRoutes.events(project), { articleId: id, kind: 'view' });
      });
  };
  load();
  if (startAt) show(startAt);

  /** The server's document tree as elements: known tags only, text as text, links and images through safeUrl. */
  const render = (nodes: readonly HelpNode[]): ComponentChildren =>
    nodes.map((n, i) => {
      if (typeof n === 'string') return n;
      if (typeof n !== 'object' || n === null || !TAGS.has(n.t)) return null;
      const kids = Array.isArray(n.c) ? render(n.c) : null;
      if (n.t === 'a') {
        const href = typeof n.href === 'string' ? safeUrl(n.href, { base: ctx.server }) : null;
        return href ? (
          <a key={i} href={href} target="_blank" rel="noopener noreferrer">
            {kids}
          </a>
        ) : (
          <span key={i}>{kids}</span>
        );
      }
      if (n.t === 'img') {
        const alt = typeof n.alt === 'string' ? n.alt : '';
        const src = typeof n.src === 'string' ? safeUrl(n.src, { base: ctx.server }) : null;
        // A saved copy keeps no image: its alt text stands in, not a broken image.
        if (!src)
          return alt ? (
            <span key={i} class="alt" role="img" aria-label={alt}>
              {alt}
            </span>
          ) : null;
        return <img key={i} src={src} alt={alt} loading="lazy" />;
      }
      const Tag = n.t;
      return <Tag key={i}>{kids}</Tag>;
    });

  const contact = (a: Doc) => {
    ui.help.value = null;
    ui.suggestions.value = [];
    ui.text.value = ctx.state.t.value('help.about', { title: a.title });
    queueMicrotask(() => ui.els.input?.focus());
  };

  function View() {
    const t = ctx.state.t.value;
    const a = open.value;
    const l = list.value;
    return (
      <section class="hw" aria-labelledby="parley-help">
        <div class="row hb">
          <button type="button" class="lnk" onClick={() => (a ? (open.value = null) : (ui.help.value = null))}>
            {t('help.back')}
          </button>
          <h3 id="parley-help">{a ? a.title : t('help.title')}</h3>
        </div>
        {a ? (
          <article class="ha">
            {a.saved && <p role="status">{t('help.saved')}</p>}
            {render(a.doc)}
            {helped.value[a.id] ? (
              <p role="status">{t('help.thanks')}</p>
            ) : (
              <button
                type="button"
                class="lnk"
                onClick={() => {
                  helped.value = { ...helped.value, [a.id]: true };
                  void p.post(HelpRoutes.events(project), { articleId: a.id, kind: 'resolved' });
                }}
              >
                {t('help.helped')}
              </button>
            )}
            <button type="button" class="btn" onClick={() => contact(a)}>
              {t('help.contact')}
            </button>
          </article>
        ) : (
          <>
            <input
              type="search"
              aria-label={t('help.search')}
              placeholder={t('help.search')}
              value={q.value}
              onInput={(e) => {
                q.value = e.currentTarget.value;
                if (timer !== undefined) win.clearTimeout(timer);
                timer = win.setTimeout(load, SEARCH_AFTER_MS);
              }}
            />
            {l && l.categories.length > 0 && (
              <div class="hc" role="group">
                {['', ...l.categories].map((c) => (
                  <button
                    key={c}
                    type="button"
                    aria-pressed={category.value === c}
                    onClick={() => {
                      category.value = c;
                      load();
                    }}
                  >
                    {c || t('help.all')}
                  </button>
                ))}
              </div>
            )}
            {l?.saved && <p role="status">{t('help.savedList')}</p>}
            {l && l.articles.length === 0 && <p>{t('help.empty')}</p>}
            <ul class="hl">
              {l?.articles.map((x) => (
                <li key={x.id}>
                  <button type="button" class="hi" data-id={x.id} onClick={() => show(x.id)}>
                    <b>{x.title}</b>
                    {x.excerpt && <span>{x.excerpt}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    );
  }

  return { View };
}
