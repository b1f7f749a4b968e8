import { useEffect, useRef } from 'preact/hooks';
import { useT, useWorkspace } from './context';
import type { MessageKey } from '../i18n/en';

/** The shortcuts, as the "?" overlay lists them (inbox tools' usual keys). */
export const SHORTCUTS: readonly { keys: string[]; label: MessageKey }[] = [
  { keys: ['j'], label: 'keys.next' },
  { keys: ['k'], label: 'keys.prev' },
  { keys: ['r'], label: 'keys.reply' },
  { keys: ['t'], label: 'keys.templates' },
  { keys: ['e'], label: 'keys.close' },
  { keys: ['/'], label: 'keys.search' },
  { keys: ['Esc'], label: 'keys.back' },
  { keys: ['?'], label: 'keys.help' },
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Global keys of the inbox: next/previous dialog, focus the reply box, templates, close, search,
 * and "?" for the list. Keys typed into a field stay in the field.
 */
export function Shortcuts() {
  const ws = useWorkspace();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      if (e.key === 'Escape') {
        if (ws.shortcutsOpen.peek()) {
          ws.shortcutsOpen.value = false;
          e.preventDefault();
          return;
        }
        if (typing(e.target) || document.querySelector('details.menu[open]')) return;
        const r = ws.router.route.peek();
        if (r.name === 'inbox' && r.dialogId) {
          e.preventDefault();
          ws.router.navigate({ name: 'inbox', view: r.view, dialogId: null });
        }
        return;
      }
      if (typing(e.target)) return;
      const r = ws.router.route.peek();
      const pane = () => document.querySelector<HTMLElement>('section.pane');
      switch (e.key) {
        case '?':
          ws.shortcutsOpen.value = !ws.shortcutsOpen.peek();
          break;
        case 'j':
        case 'k': {
          if (r.name !== 'inbox') return;
          const list = ws.lists.shown(r.view);
          if (list.length === 0) return;
          const i = list.findIndex((d) => d.id === r.dialogId);
          const next = e.key === 'j' ? (i < 0 ? 0 : Math.min(list.length - 1, i + 1)) : i < 0 ? 0 : Math.max(0, i - 1);
          const target = list[next];
          if (target) ws.router.navigate({ name: 'inbox', view: r.view, dialogId: target.id });
          break;
        }
        case 'r':
          pane()?.querySelector<HTMLElement>('textarea.composer-input')?.focus();
          break;
        case 't':
          pane()?.querySelector<HTMLElement>('button.composer-templates')?.click();
          break;
        case 'e':
          pane()?.querySelector<HTMLElement>('button[data-close-status="resolved"]')?.click();
          break;
        case '/':
          document.querySelector<HTMLElement>('input.list-search')?.focus();
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ws]);
  return ws.shortcutsOpen.value ? <ShortcutsOverlay /> : null;
}

function ShortcutsOverlay() {
  const ws = useWorkspace();
  const t = useT();
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => prev?.focus?.();
  }, []);
  return (
    <div
      class="overlay"
      onClick={(e) => {
        if (e.target === e.currentTarget) ws.shortcutsOpen.value = false;
      }}
    >
      <div class="overlay-card card" role="dialog" aria-modal="true" aria-labelledby="keys-title" tabIndex={-1} ref={dialog}>
        <h2 id="keys-title">{t('keys.title')}</h2>
        <table class="keys">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.label}>
                <td>
                  {s.keys.map((k) => (
                    <kbd key={k}>{k}</kbd>
                  ))}
                </td>
                <td>{t(s.label)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted small">{t('keys.hint')}</p>
        <button
          type="button"
          class="btn"
          onClick={() => {
            ws.shortcutsOpen.value = false;
          }}
        >
          {t('action.closeWindow')}
        </button>
      </div>
    </div>
  );
}
