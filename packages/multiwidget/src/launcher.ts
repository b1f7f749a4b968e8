import { LAUNCHER_CSS } from './styles';
import { contrastOn } from '@parley/widget/internal';

/** One 24×24 path each: two speech bubbles (closed) and a cross (open). */
const ICON_CLOSED =
  'M4 3h11a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2H8l-4 3v-3a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm15 5h1a2 2 0 0 1 2 2v7a2 2 0 0 1-2 2v3l-4-3h-5a2 2 0 0 1-2-2v-1h6a4 4 0 0 0 4-4z';
const ICON_OPEN = 'M18.3 5.7 16.9 4.3 12 9.2 7.1 4.3 5.7 5.7 10.6 10.6 5.7 15.5l1.4 1.4 4.9-4.9 4.9 4.9 1.4-1.4-4.9-4.9z';
const SVG = 'http://www.w3.org/2000/svg';

export interface LauncherLook {
  color: string;
  position: 'bottom-right' | 'bottom-left';
  offsetX: number;
  offsetY: number;
  zIndex: number;
  pulse: boolean;
}

export interface Launcher {
  host: HTMLElement;
  shadow: ShadowRoot;
  /** Where the lazily loaded panel renders. */
  panelSlot: HTMLElement;
  button: HTMLButtonElement;
  look(look: LauncherLook, label: string, closeLabel: string): void;
  /** expanded: the list (or the chat) is open, so the button shows a cross. */
  setExpanded(expanded: boolean): void;
  setPanelVisible(visible: boolean): void;
  setVisible(visible: boolean): void;
  /** The call-to-action bubble; its × hides it for the rest of the page view. */
  showCta(text: string, closeLabel: string, onOpen: () => void): void;
  hideCta(): void;
  destroy(): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, parent: Node): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  parent.appendChild(e);
  return e;
}

/**
 * The floating button in a shadow root on a `<parley-multiwidget class="parley-multiwidget">`
 * host. Vanilla DOM: this is what every page loads before anyone clicks.
 */
export function createLauncher(onToggle: () => void): Launcher {
  const host = document.createElement('parley-multiwidget');
  host.className = 'parley-multiwidget';
  const shadow = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(LAUNCHER_CSS);
  shadow.adoptedStyleSheets = [sheet];
  const root = el('div', 'root', shadow);
  root.hidden = true;
  const panelSlot = el('div', 'panel-slot', root);
  panelSlot.id = 'pm-panel';
  panelSlot.hidden = true;
  const bar = el('div', 'bar', root);
  const cta = el('div', 'cta', bar);
  cta.hidden = true;
  const button = el('button', 'btn', bar);
  button.type = 'button';
  button.setAttribute('part', 'button');
  button.setAttribute('aria-expanded', 'false');
  button.setAttribute('aria-controls', panelSlot.id);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('fill', 'currentColor');
  path.setAttribute('d', ICON_CLOSED);
  svg.appendChild(path);
  button.appendChild(svg);
  button.addEventListener('click', onToggle);
  let labels = { open: '', close: '' };
  let ctaDismissed = false;
  // multiwidget.js may run before <body> exists: the multiwidget moves the host in once it does.
  (document.body ?? document.documentElement).appendChild(host);

  const setExpanded = (expanded: boolean) => {
    button.setAttribute('aria-expanded', String(expanded));
    button.setAttribute('aria-label', expanded ? labels.close : labels.open);
    path.setAttribute('d', expanded ? ICON_OPEN : ICON_CLOSED);
  };

  return {
    host,
    shadow,
    panelSlot,
    button,
    look(look, label, closeLabel) {
      const s = root.style;
      s.setProperty('--pm-c', look.color);
      s.setProperty('--pm-fg', contrastOn(look.color));
      s.setProperty('--pm-x', `${look.offsetX}px`);
      s.setProperty('--pm-y', `${look.offsetY}px`);
      s.setProperty('--pm-z', String(look.zIndex));
      root.dataset.pos = look.position;
      root.toggleAttribute('data-pulse', look.pulse);
      labels = { open: label, close: closeLabel };
      setExpanded(button.getAttribute('aria-expanded') === 'true');
    },
    setExpanded,
    setPanelVisible(visible) {
      panelSlot.hidden = !visible;
    },
    setVisible(visible) {
      root.hidden = !visible;
      if (document.body && host.parentNode !== document.body) document.body.appendChild(host);
    },
    showCta(text, closeLabel, onOpen) {
      if (ctaDismissed) return;
      cta.replaceChildren();
      const p = el('p', 'cta-text', cta);
      p.textContent = text;
      p.addEventListener('click', onOpen);
      const x = el('button', 'cta-x', cta);
      x.type = 'button';
      x.textContent = '×';
      x.setAttribute('aria-label', closeLabel);
      x.addEventListener('click', () => {
        ctaDismissed = true;
        cta.hidden = true;
        button.focus();
      });
      cta.setAttribute('part', 'cta');
      cta.hidden = false;
    },
    hideCta() {
      cta.hidden = true;
    },
    destroy() {
      button.removeEventListener('click', onToggle);
      host.remove();
    },
  };
}
