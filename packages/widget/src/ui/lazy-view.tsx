import type { ComponentType } from 'preact';
import type { Props, ViewName } from './store';
import { lazyChunk } from './lazy';

/** After a failed load, the next render asks again once this much time has passed (not at every keystroke while offline). */
const RETRY_MS = 5000;

/**
 * A view that only some visitors see (the offline form, the pre-chat form, the rating, the image
 * viewer), in a chunk of its own: a visitor who only chats never loads it. The view's place
 * renders nothing until its chunk has loaded; the first render that needs it asks for it. Its
 * styles come with it, adopted once per panel (removed with the panel, see index.tsx; the retry
 * timer and a chunk that arrives after the panel went are dropped by stopUi).
 */
export function lazyView(
  name: ViewName,
  what: string,
  load: () => Promise<{ View: ComponentType<Props>; css: string }>,
  /** Its labels are among the texts loaded on need (locale-texts.ts): fetched with it. */
  texts = true,
): ComponentType<Props> {
  const get = lazyChunk(load, what);
  return function LazyView({ p }: Props) {
    const ui = p.ui;
    const View = ui.views.value[name];
    if (View) return <View p={p} />;
    if (!ui.loadingViews.has(name) && !ui.gone) {
      ui.loadingViews.set(name, undefined);
      void Promise.all([get(), texts ? p.moreTexts() : true]).then(([m, ok]) => {
        if (ui.gone) return;
        if (m && ok) {
          if (!ui.sheets.has(m.css)) ui.sheets.set(m.css, p.ctx.host.adopt(m.css));
          ui.views.value = { ...ui.views.peek(), [name]: m.View };
        } else
          ui.loadingViews.set(
            name,
            p.ctx.win.setTimeout(() => ui.loadingViews.delete(name), RETRY_MS),
          );
      });
    }
    return null;
  };
}
