import type { Props } from './store';
import { lazyChunk } from './lazy';
import { loadView } from './lazy-view';

const suggestChunk = lazyChunk(() => import('./suggest'), 'the Help suggestions');

/**
 * While the visitor types a conversation's first message, matching articles are offered
 * (suggest.tsx): that code is a chunk of its own, fetched once such a draft is long enough to search
 * for (nothing is asked before the typing pauses anyway). While it loads, the latest draft waits.
 */
export function suggest(p: Props['p'], text: string): void {
  const { ui, chat } = p;
  const v = chat.view.value;
  const q = !v.messages.some((m) => m.author.kind === 'visitor') || v.dialog?.status === 'closed' ? text.trim() : '';
  ui.suggestText = q.length > 2 ? q : '';
  if (ui.suggest) ui.suggest(p, ui.suggestText);
  else if (ui.suggestText)
    loadView(p, 'suggest', suggestChunk, false, (m) => {
      ui.suggest = m.suggest;
      m.suggest(p, ui.suggestText);
    });
}
