/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import type { Props } from './store';
import { HELP_SUGGESTIONS } from '@parley/protocol';
import { loadHelp, openHelp, searchHelp } from './help-entry';

const SUGGEST_AFTER_MS = 350;

export const css = `
.sg{font-size:13px;margin:0 4px 6px;color:var(--mu)}
.sg ul{list-style:none;margin:2px 0 0;padding:0}
.sg .lnk{text-align:left}
`;

/**
 * Up to three articles that match the draft of a conversation's first message (suggest-entry.ts
 * decides when there is one: `q`, else ''), searched a moment after the typing pauses.
 */
export function suggest(p: Props['p'], q: string): void {
  const { ui, ctx } = p;
  const win = ctx.win;
  if (ui.suggestTimer !== undefined) win.clearTimeout(ui.suggestTimer as number);
  ui.suggestTimer = undefined;
  if (!q) {
    ui.suggestions.value = [];
    return;
  }
  ui.suggestTimer = win.setTimeout(() => {
    ui.suggestTimer = undefined;
    ui.suggestFor = q;
    void searchHelp(p, q).then((body) => {
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
