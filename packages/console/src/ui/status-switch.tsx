import { useT, useWorkspace } from './context';
import { useAction } from './use-action';

/** Online / offline: widgets follow it live (the server tells them about presence). */
export function StatusSwitch() {
  const ws = useWorkspace();
  const t = useT();
  const { busy, error, run } = useAction();
  const me = ws.session.me.value;
  if (!me) return null;
  const online = me.status === 'online';
  const toggle = () => run(async () => ws.session.update(await ws.api.updateMe({ status: online ? 'offline' : 'online' })));
  return (
    <div class="status-switch">
      <button type="button" role="switch" aria-checked={online} class={`switch ${online ? 'on' : 'off'}`} disabled={busy.value} onClick={toggle}>
        <span class="switch-knob" aria-hidden="true" />
        <span class="switch-label">{online ? t('status.online') : t('status.offline')}</span>
      </button>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </div>
  );
}
