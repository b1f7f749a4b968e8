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
