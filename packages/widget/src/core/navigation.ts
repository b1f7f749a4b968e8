interface NavigationLike {
  addEventListener(type: 'currententrychange', fn: () => void): void;
  removeEventListener(type: 'currententrychange', fn: () => void): void;
}

/**
 * Calls `fn` after every same-document navigation. The Navigation API sees pushState, replaceState,
 * back/forward and hash changes; without it, popstate and hashchange cover back/forward and
 * anchors, and single-page apps call `page()`. Nothing is patched and nothing is polled.
 */
export function watchNavigation(win: Window, fn: () => void): () => void {
  const nav = (win as unknown as { navigation?: NavigationLike }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', fn);
    return () => nav.removeEventListener('currententrychange', fn);
  }
  win.addEventListener('popstate', fn);
  win.addEventListener('hashchange', fn);
  return () => {
    win.removeEventListener('popstate', fn);
    win.removeEventListener('hashchange', fn);
  };
}

const INTERACTIONS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/** Calls `fn` once, on the visitor's first interaction with the page. */
export function onFirstInteraction(win: Window, fn: () => void): () => void {
  const opts = { capture: true, passive: true } as const;
  const stop = () => {
    for (const type of INTERACTIONS) win.removeEventListener(type, handler, opts);
  };
  const handler = () => {
    stop();
    fn();
  };
  for (const type of INTERACTIONS) win.addEventListener(type, handler, opts);
  return stop;
}

/**
 * Single-page apps set the title after the new route renders, so a title read at navigation time
 * is the previous route's. Calls `report(title)` once the title has settled: shortly after it
 * changes (`quiet` ms without another change), or after `max` ms if it does not change. A
 * MutationObserver on <head> and one timer at a time; nothing polls. Returns a function that
 * reports at once (the next navigation, destroy).
 */
export function whenTitleSettles(
  win: Pick<Window, 'setTimeout' | 'clearTimeout'>,
  doc: Document,
  report: (title: string) => void,
  max = 1000,
  quiet = 150,
): () => void {
  const before = doc.title;
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    mo?.disconnect();
    win.clearTimeout(timer);
    report(doc.title);
  };
  let timer = win.setTimeout(finish, max);
  const mo = typeof MutationObserver === 'function' && doc.head
    ? new MutationObserver(() => {
      if (doc.title === before) return;
      win.clearTimeout(timer);
      timer = win.setTimeout(finish, quiet);
    })
    : null;
  mo?.observe(doc.head, { subtree: true, childList: true, characterData: true });
  return finish;
}
