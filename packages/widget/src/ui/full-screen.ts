import type { PanelDeps } from '../session/panel-contract';
import type { Ui } from './store';

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]):not([tabindex="-1"]),textarea:not([disabled]),select:not([disabled]),[tabindex="0"]';

/**
 * The full-screen panel (phones, narrow windows) is modal: Tab and Shift+Tab cycle inside it and
 * focus cannot wander to the page behind; that page does not scroll (and gets its own styles back,
 * unless it changed them meanwhile), and the panel follows the visual viewport so the on-screen
 * keyboard never covers the composer. behaviors.ts runs it while the full-screen panel is open;
 * the function returned undoes it all.
 */
export function lockFullScreen(deps: PanelDeps, ui: Ui): () => void {
  const { ctx } = deps;
  const { win, doc, state } = ctx;
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
}
