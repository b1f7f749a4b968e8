import { effect } from '../core/signals';
import type { PanelDeps } from '../session/panel-contract';
import type { Ui } from './store';

import { lazyChunk } from './lazy';

/** The full-screen panel's modal behaviour, a chunk of its own (desktop visitors never need it). */
const fullScreen = lazyChunk(() => import('./full-screen'), 'the full-screen panel');

/** Phones and narrow windows show the panel full screen (decided when it opens). */
export const isNarrow = (ctx: PanelDeps['ctx']): boolean => ctx.state.device === 'mobile' || !!ctx.win.matchMedia?.('(max-width: 520px)').matches;

/** Fetches the full-screen panel's code ahead where it will be needed (the session calls this as it starts, while the texts load). */
export const prefetchFullScreen = (ctx: PanelDeps['ctx']): void => {
  if (isNarrow(ctx)) void fullScreen();
};

/**
 * What the panel does around rendering: focus moves in when it opens and back when it closes; the
 * full-screen panel (phones) is modal (full-screen.ts).
 */
export function panelBehaviors(deps: PanelDeps, ui: Ui): () => void {
  const { ctx } = deps;
  const { doc, state } = ctx;
  let returnTo: HTMLElement | null = null;
  let wasOpen = false;

  const stopFocus = effect(() => {
    const open = state.open.value;
    if (open === wasOpen) return;
    wasOpen = open;
    const panel = ui.els.panel;
    if (open) {
      ui.full.value = isNarrow(ctx);
      const active = doc.activeElement;
      returnTo = active instanceof HTMLElement && active !== ctx.host.host ? active : null;
      // After this render: the panel is visible now. On phones focus the dialog itself, so the
      // keyboard does not pop up uninvited.
      queueMicrotask(() => {
        const target = ui.full.peek() ? panel : (panel?.querySelector<HTMLElement>('#parley-input, .fm input, .fm textarea') ?? panel);
        target?.focus();
      });
    } else if (panel && ctx.host.root.activeElement && panel.contains(ctx.host.root.activeElement)) {
      (ctx.launcher() ?? returnTo)?.focus();
    }
  });

  // Phones and narrow windows get the modal full-screen panel: its code (full-screen.ts) was fetched
  // ahead as the session started (prefetchFullScreen), else it loads when such a panel first opens.
  const stopLock = effect(() => {
    if (!state.open.value || !ui.full.value) return;
    let stop: (() => void) | undefined;
    let done = false;
    void fullScreen().then((m) => {
      if (!done && m) stop = m.lockFullScreen(deps, ui);
    });
    return () => {
      done = true;
      stop?.();
    };
  });

  return () => {
    stopFocus();
    stopLock();
  };
}
