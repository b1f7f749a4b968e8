import { effect } from '@preact/signals-core';
import type { PanelDeps } from '../session/panel-contract';
import type { Ui } from './store';

/**
 * What the panel does around rendering: focus moves in when it opens and back when it closes, the
 * page behind a full-screen panel does not scroll (and gets its own styles back), and the panel
 * follows the visual viewport so the on-screen keyboard never covers the composer.
 */
export function panelBehaviors(deps: PanelDeps, ui: Ui): () => void {
  const { ctx } = deps;
  const { win, doc, state } = ctx;
  let returnTo: HTMLElement | null = null;
  let wasOpen = false;

  const stopFocus = effect(() => {
    const open = state.open.value;
    if (open === wasOpen) return;
    wasOpen = open;
    const panel = ui.els.panel;
    if (open) {
      ui.full.value = state.device === 'mobile' || !!win.matchMedia?.('(max-width: 520px)').matches;
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

  const stopLock = effect(() => {
    if (!state.open.value || !ui.full.value) return;
    const targets = [doc.documentElement, doc.body];
    const before = targets.map((el) => el.style.getPropertyValue('overflow'));
    for (const el of targets) el.style.setProperty('overflow', 'hidden');
    const vv = win.visualViewport;
    const fit = () => {
      const panel = ui.els.panel;
      if (!vv || !panel) return;
      panel.style.setProperty('--vh', `${vv.height}px`);
      panel.style.setProperty('--vt', `${vv.offsetTop}px`);
    };
    fit();
    vv?.addEventListener('resize', fit);
    vv?.addEventListener('scroll', fit);
    return () => {
      targets.forEach((el, i) => (before[i] ? el.style.setProperty('overflow', before[i]) : el.style.removeProperty('overflow')));
      vv?.removeEventListener('resize', fit);
      vv?.removeEventListener('scroll', fit);
    };
  });

  return () => {
    stopFocus();
    stopLock();
  };
}
