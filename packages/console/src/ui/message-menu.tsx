import { useRef } from 'preact/hooks';
import { useT } from './context';

/** Edit and delete of one's own message, behind a "⋯" button shown on hover or focus (always on touch screens). */
export function MessageMenu({ onEdit, onDelete }: { onEdit(): void; onDelete(): void }) {
  const t = useT();
  const ref = useRef<HTMLDetailsElement>(null);
  const pick = (fn: () => void) => () => {
    if (ref.current) ref.current.open = false;
    fn();
  };
  return (
    <details class="menu msg-menu" ref={ref}>
      <summary class="btn small msg-menu-button" aria-label={t('message.actions')} title={t('message.actions')}>
        <span aria-hidden="true">⋯</span>
      </summary>
      <div class="menu-body" role="group" aria-label={t('message.actions')}>
        <button type="button" class="menu-item" onClick={pick(onEdit)}>
          {t('action.edit')}
        </button>
        <button type="button" class="menu-item danger" onClick={pick(onDelete)}>
          {t('action.delete')}
        </button>
      </div>
    </details>
  );
}
