/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
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
export function lazyView<P extends Props = Props>(
  name: ViewName,
  what: string,
  load: () => Promise<{ View: ComponentType<P>; css: string }>,
  /** Its labels are among the texts loaded on need (locale-texts.ts): fetched with it. */
  texts = true,
): ComponentType<P> {
  const get = lazyChunk(load, what);
  return function LazyView(props: P) {
    const View = props.p.ui.views.value[name] as ComponentType<P> | undefined;
    if (View) return <View {...props} />;
    loadView(props.p, name, get as () => Promise<{ View: ComponentType<Props>; css: string } | undefined>, texts);
    return null;
  };
}

/**
 * Asks for a view's chunk (and its texts) once: once loaded, its styles are adopted, its `View`
 * goes into `ui.views` and `then` runs; after a failure the next need asks again after RETRY_MS.
 */
export function loadView<M extends { View: ComponentType<Props>; css: string }>(
  p: Props['p'],
  name: ViewName,
  get: () => Promise<M | undefined>,
  texts: boolean,
  then?: (m: M) => void,
): void {
  const ui = p.ui;
  if (ui.loadingViews.has(name) || ui.gone) return;
  ui.loadingViews.set(name, undefined);
  void Promise.all([get(), texts ? p.moreTexts() : true]).then(([m, ok]) => {
    if (ui.gone) return;
    if (m && ok) {
      if (!ui.sheets.has(m.css)) ui.sheets.set(m.css, p.ctx.host.adopt(m.css));
      ui.views.value = { ...ui.views.peek(), [name]: m.View };
      then?.(m);
    } else
      ui.loadingViews.set(
        name,
        p.ctx.win.setTimeout(() => ui.loadingViews.delete(name), RETRY_MS),
      );
  });
}
