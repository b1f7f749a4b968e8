import { HELP_SUGGESTIONS, helpListPath } from '@parley/protocol';
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

/**
 * The search of the suggestions (suggest.tsx) is here, in the chat chunk: the list's path module then
 * comes with it (the Help chunk takes it from there), not as a chunk of its own that both share.
 */
export const searchHelp = (p: Props['p'], q: string) =>
  p.get(`${helpListPath(p.ctx.project)}?${new URLSearchParams({ q, locale: p.ctx.state.locale.value, limit: String(HELP_SUGGESTIONS) }).toString()}`);
