import { effect } from './signals';
import type { WidgetState } from './state';

/** Triggers while a request is on its way, or this soon after one, make no other (pageshow and visibilitychange come together). */
const MIN_GAP = 1000;
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Keeps the config and presence of an untouched widget (no socket yet) current without polling:
 * it revalidates (a conditional request, ETag) when the page is shown again (back/forward cache,
 * another tab, a woken phone), after a same-document navigation, and once at the presence's
 * `nextChange` (the server's next working-hours change). With a live socket, changes arrive on
 * it instead and nothing is requested.
 */
export function watchConfig(
  win: Window,
  doc: Document,
  state: WidgetState,
  revalidate: () => Promise<void>,
  now = () => Date.now(),
): { navigated(): void; stop(): void } {
  let last = now();
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let armedFor: number | null = null;
  const maybe = (force = false) => {
    if (state.live.peek() || busy || (!force && now() - last < MIN_GAP)) return;
    busy = true;
    void revalidate().finally(() => {
      busy = false;
      last = now();
    });
  };
  const onShow = () => {
    if (doc.visibilityState === 'visible') maybe();
  };
  win.addEventListener('pageshow', onShow);
  doc.addEventListener('visibilitychange', onShow);
  const stopTimer = effect(() => {
    const next = state.presence.value?.nextChange ?? null;
    const offset = state.clockOffset.value;
    if (timer !== undefined) win.clearTimeout(timer);
    timer = undefined;
    if (next === null) return;
    // A clock far behind the server's would fire at once for the same change again and again:
    // the second time for one change waits a minute.
    const wait = Math.max(next - (now() + offset), armedFor === next ? 60_000 : 0) + 1000;
    armedFor = next;
    timer = win.setTimeout(() => maybe(true), Math.min(MAX_DELAY, wait));
  });
  return {
    navigated: () => maybe(),
    stop() {
      win.removeEventListener('pageshow', onShow);
      doc.removeEventListener('visibilitychange', onShow);
      stopTimer();
      if (timer !== undefined) win.clearTimeout(timer);
    },
  };
}
