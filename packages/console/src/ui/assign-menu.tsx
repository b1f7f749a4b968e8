import { useRef } from 'preact/hooks';
import { useT, useWorkspace } from './context';

/** Admins assign a dialog to an operator, or transfer it to another one. */
export function AssignMenu({ current, disabled, onAssign }: { current: string | null; disabled: boolean; onAssign(id: string): void }) {
  const ws = useWorkspace();
  const t = useT();
  const ref = useRef<HTMLDetailsElement>(null);
  const ops = ws.operators.list.value;
  return (
    <details class="menu" ref={ref}>
      <summary class="btn" aria-disabled={disabled}>
        {current ? t('action.transfer') : t('action.assign')}
      </summary>
      <div class="menu-body" role="group" aria-label={current ? t('action.transfer') : t('action.assign')}>
        {ops.length === 0 && <p class="empty small">{t('assign.none')}</p>}
        {ops.map((o) => (
          <button
            type="button"
            key={o.id}
            class="menu-item"
            disabled={disabled || o.id === current}
            data-operator-id={o.id}
            onClick={() => {
              if (ref.current) ref.current.open = false;
              onAssign(o.id);
            }}
          >
            <span class={`dot ${o.presence}`} aria-hidden="true" />
            <span>{o.name}</span>
            <span class="menu-note">{t(`presence.${o.presence}` as const)}</span>
          </button>
        ))}
      </div>
    </details>
  );
}
