/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { HELP_SUGGESTIONS } from '@parley/protocol';
import type { Props } from './store';
import { articlesPath, loadHelp, openHelp } from './help-open';

const SUGGEST_AFTER_MS = 350;
const SUGGEST_MIN_CHARS = 3;

/**
 * Article suggestions, a chunk of their own: only where the knowledge base has articles in the
 * visitor's language (help-entry.tsx loads it then). While the visitor types the first message
 * of a conversation, up to three articles that match it are offered (searched a moment after the
 * typing pauses; nothing is asked before that).
 */
export function suggest(p: Props['p'], text: string): void {
  const { ui, chat, ctx } = p;
  const win = ctx.win;
  if (ui.suggestTimer !== undefined) win.clearTimeout(ui.suggestTimer as number);
  ui.suggestTimer = undefined;
  const first = !chat.view.value.messages.some((m) => m.author.kind === 'visitor') || chat.view.value.dialog?.status === 'closed';
  const q = text.trim();
  if (!first || q.length < SUGGEST_MIN_CHARS) {
    ui.suggestions.value = [];
    return;
  }
  ui.suggestTimer = win.setTimeout(() => {
    ui.suggestTimer = undefined;
    ui.suggestFor = q;
    const qs = new URLSearchParams({ q, locale: ctx.state.locale.value, limit: String(HELP_SUGGESTIONS) });
    void p.get(`${articlesPath(p)}?${qs.toString()}`).then((body) => {
      // A newer search (or a sent message) wins.
      if (ui.suggestFor !== q) return;
      const list = (body as { articles?: unknown } | null)?.articles;
      ui.suggestions.value = Array.isArray(list)
        ? list
            .filter((a: unknown): a is { id: string; title: string } => {
              const x = a as { id?: unknown; title?: unknown } | null;
              return typeof x?.id === 'string' && typeof x.title === 'string';
            })
            .slice(0, HELP_SUGGESTIONS)
            .map((a) => ({ id: a.id, title: a.title }))
        : [];
    });
  }, SUGGEST_AFTER_MS);
}

export const css = '.sg{font-size:13px;margin:0 4px 6px;color:var(--mu)}.sg ul{list-style:none;margin:2px 0 0;padding:0}.sg .lnk{text-align:left}';

/** The suggested articles above the composer. */
export function View({ p }: Props) {
  const list = p.ui.suggestions.value;
  if (list.length === 0) return null;
  const t = p.ctx.state.t.value;
  return (
    <div class="sg" role="region" aria-label={t('help.suggest')}>
      <p>{t('help.suggest')}</p>
      <ul>
        {list.map((a) => (
          <li key={a.id}>
            <button type="button" class="lnk" onPointerEnter={() => loadHelp(p)} onFocus={() => loadHelp(p)} onClick={() => openHelp(p, a.id)}>
              {a.title}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
