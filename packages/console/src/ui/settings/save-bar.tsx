import { useT } from '../context';
import type { SaveStatus } from './use-settings-draft';

export function SaveBar({ saving, status, label }: { saving: boolean; status: SaveStatus | null; label?: string }) {
  const t = useT();
  return (
    <div class="form-actions">
      <button type="submit" class="btn primary" disabled={saving}>
        {label ?? t('action.save')}
      </button>
      {status && (
        <span class={status.ok ? 'ok' : 'error'} role={status.ok ? 'status' : 'alert'}>
          {status.text}
        </span>
      )}
    </div>
  );
}
