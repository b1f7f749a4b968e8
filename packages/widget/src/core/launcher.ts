import { effect, type ReadonlySignal } from './signals';
import { el, icon, ICONS } from './dom';
import type { WidgetState } from './state';

export interface Launcher {
  button: HTMLButtonElement;
  setBusy(busy: boolean): void;
  destroy(): void;
}

/**
 * The round launcher button with its unread badge: plain DOM, so the host page pays for Preact
 * only once the visitor opens the chat. `failed`: the chat could not load (a note above the button,
 * announced as an alert, until it loads).
 */
export function createLauncher(
  doc: Document,
  root: ShadowRoot,
  state: WidgetState,
  failed: ReadonlySignal<boolean>,
  on: { toggle(): void; intent(): void },
): Launcher {
  const button = el(doc, 'button', { type: 'button', class: 'l', 'aria-haspopup': 'dialog', 'aria-controls': 'parley-panel' });
  const chatIcon = icon(doc, ICONS.chat);
  const closeIcon = icon(doc, ICONS.close);
  const badge = el(doc, 'span', { class: 'b', 'aria-hidden': 'true', hidden: '' });
  const note = el(doc, 'div', { class: 'e', role: 'alert' });
  button.append(chatIcon, badge);
  root.append(button, note);

  const onIntent = () => on.intent();
  button.addEventListener('click', () => on.toggle());
  button.addEventListener('pointerenter', onIntent);
  button.addEventListener('focus', onIntent);

  const stop = effect(() => {
    const t = state.t.value;
    const open = state.open.value;
    const n = state.unread.value;
    const label = t(open ? 'launcher.close' : 'launcher.open');
    button.setAttribute('aria-label', n > 0 && !open ? `${label}. ${t('launcher.unread', { n })}` : label);
    button.setAttribute('aria-expanded', String(open));
    // Only a changed icon is swapped: this re-runs when the chat's texts arrive, often while the
    // button is pressed, and a node removed under the pointer loses the click that follows.
    const shown = open ? closeIcon : chatIcon;
    if (button.firstChild !== shown) button.replaceChildren(shown, badge);
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.toggleAttribute('hidden', n === 0 || open);
    note.textContent = failed.value ? t('launcher.failed') : '';
  });

  return {
    button,
    setBusy: (busy) => button.setAttribute('aria-busy', String(busy)),
    // The button, the note and their listeners go with the host (destroy() removes it).
    destroy: stop,
  };
}
