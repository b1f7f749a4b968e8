import { effect } from '../core/signals';
import type { PanelDeps } from '../session/panel-contract';
import type { Ui } from './store';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]):not([tabindex="-1"]),textarea:not([disabled]),select:not([disabled]),[tabindex="0"]';

/**
 * What the panel does around rendering: focus moves in when it opens and back when it closes; the
 * full-screen panel (phones) is modal: Tab and Shift+Tab cycle inside it and focus cannot wander
 * to the page behind; that page does not scroll (and gets its own styles back, unless it changed
 * them meanwhile), and the panel follows the visual viewport so the on-screen keyboard never
 * covers the composer.
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
    const root = ctx.host.root;
    const trap = (e: KeyboardEvent) => {
      const panel = ui.els.panel;
      if (e.key !== 'Tab' || !panel) return;
      const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0);
      const first = items[0];
      const last = items[items.length - 1];
      const active = root.activeElement;
      if (!first || !last) return;
      const outside = !active || !panel.contains(active) || active === panel;
      if (e.shiftKey ? outside || active === first : outside || active === last) {
        e.preventDefault();
        (e.shiftKey ? last : first).focus();
      }
    };
    // Focus moved to the page behind (a script, a click through): back into the dialog.
    const keep = (e: FocusEvent) => {
      if (e.target !== ctx.host.host && state.open.peek()) ui.els.panel?.focus();
    };
    root.addEventListener('keydown', trap as EventListener);
    doc.addEventListener('focusin', keep);
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
      root.removeEventListener('keydown', trap as EventListener);
      doc.removeEventListener('focusin', keep);
      // Ours to undo only if it is still ours: a value the site set meanwhile stays.
      targets.forEach((el, i) => {
        if (el.style.getPropertyValue('overflow') !== 'hidden') return;
        if (before[i]) el.style.setProperty('overflow', before[i]);
        else el.style.removeProperty('overflow');
      });
      vv?.removeEventListener('resize', fit);
      vv?.removeEventListener('scroll', fit);
    };
  });

  return () => {
    stopFocus();
    stopLock();
  };
}
