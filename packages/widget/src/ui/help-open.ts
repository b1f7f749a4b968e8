/** Opening the Help tab, from the header or a suggestion (the suggestions' entry in the composer: help-entry.tsx). */
import { helpListPath } from '@parley/protocol';
import type { Props } from './store';
import { lazyChunk } from './lazy';

const helpChunk = lazyChunk(() => import('./help'), 'the Help tab');
/** The Help tab is a chunk of its own, with its texts, fetched when its button (or a suggestion) is hovered or focused, or clicked. */
export const loadHelp = (p: Props['p']) => Promise.all([helpChunk(), p.moreTexts()]).then(([m, ok]) => (ok ? m : undefined));

/** Opens the Help tab, at an article when given; or closes it. Only one of Help and My requests shows at a time. */
export function openHelp(p: Props['p'], articleId?: string): void {
  const ui = p.ui;
  if (ui.help.value && !articleId) {
    ui.help.value = null;
    return;
  }
  void loadHelp(p).then((m) => {
    if (!m) return;
    ui.requests.value = null;
    ui.help.value = m.createHelp(p, articleId ?? null);
  });
}

/** Whether the knowledge base has articles in the visitor's language (the config lists its locales): Help shows only then. */
export const hasHelp = (p: Props['p']): boolean => !!p.ctx.state.config.value?.help.includes(p.ctx.state.locale.value);

/**
 * The project's articles (a list, or a search with `q`). Help's chunk and the suggestions' both
 * search: through here the path's module stays in the chat chunk, not a chunk of its own (one
 * more request for each).
 */
export const articlesPath = (p: Props['p']): string => helpListPath(p.ctx.project);
