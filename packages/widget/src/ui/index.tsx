/** @jsxRuntime classic */
/** @jsx _h */
/** The chat panel (Preact), mounted the first time the visitor opens the chat. */
import { h as _h, render } from 'preact';
import { effect } from '../core/signals';
import type { PanelDeps } from '../session/panel-contract';
import { PANEL_CSS } from './panel-css';
import { Panel } from './panel';
import { createUi, stopUi } from './store';
import { panelBehaviors } from './behaviors';
import { contrastOn } from '../core/dom';
import { readableOn } from './readable';

/**
 * Renders the panel into the widget's shadow root. One effect renders it: every signal read while
 * rendering (model and panel state alike) re-renders it when it changes, and Preact applies the
 * difference. After each render the list follows new messages if the visitor is at the bottom.
 */
export function mountPanel(deps: PanelDeps): () => void {
  const { host, doc } = deps.ctx;
  const container = doc.createElement('div');
  host.root.append(container);
  const unadopt = host.adopt(PANEL_CSS);
  const ui = createUi();
  const p = { ...deps, ui };
  const stopRender = effect(() => {
    render(<Panel p={p} />, container);
    const list = ui.els.list;
    if (list && ui.stick) list.scrollTop = list.scrollHeight;
  });
  const stopBehaviors = panelBehaviors(deps, ui);
  // The accent as text, icon or focus ring on the panel (and greetings), light and dark; the
  // avatar's backdrop in the header. The launcher needs none of it (its ring is two-tone).
  const stopAccent = effect(() => {
    const c = deps.ctx.state.effective.value?.appearance.color;
    const s = host.host.style;
    if (!c) return;
    s.setProperty('--ptl', readableOn(c, '#ffffff'));
    s.setProperty('--ptd', readableOn(c, '#1f2937'));
    s.setProperty('--pv', contrastOn(c) === '#fff' ? '#0003' : '#fff8');
  });
  return () => {
    stopAccent();
    stopBehaviors();
    stopRender();
    render(null, container);
    container.remove();
    unadopt();
    for (const drop of ui.sheets.values()) drop();
    stopUi(ui, deps.ctx.win);
  };
}
