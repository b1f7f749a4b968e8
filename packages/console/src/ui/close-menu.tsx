import { CLOSE_STATUSES, type CloseStatus } from '@parley/protocol';
import { useRef } from 'preact/hooks';
import { useT } from './context';

/** Close a dialog with a status: resolved, unresolved or spam. */
export function CloseMenu({ disabled, onClose }: { disabled: boolean; onClose(s: CloseStatus): void }) {
  const t = useT();
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details class="menu" ref={ref}>
      <summary class="btn" aria-disabled={disabled}>
        {t('action.close')}
      </summary>
      <div class="menu-body" role="group" aria-label={t('action.close')}>
        {CLOSE_STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            class="menu-item"
            disabled={disabled}
            data-close-status={s}
            onClick={() => {
              if (ref.current) ref.current.open = false;
              onClose(s);
            }}
          >
            {t(`close.${s}` as const)}
          </button>
        ))}
      </div>
    </details>
  );
}
