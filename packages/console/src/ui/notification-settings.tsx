import { useT, useWorkspace } from './context';

/** Desktop notifications (asked only when the operator clicks) and the sound switch. */
export function NotificationSettings() {
  const ws = useWorkspace();
  const t = useT();
  const n = ws.notifier;
  const perm = n.permission.value;
  return (
    <div class="notification-settings">
      <p>
        {perm === 'granted' && t('notify.granted')}
        {perm === 'denied' && t('notify.denied')}
        {perm === 'unsupported' && t('notify.unsupported')}
        {perm === 'default' && (
          <button type="button" class="btn" onClick={() => void n.requestPermission()}>{t('notify.enable')}</button>
        )}
      </p>
      <label class="check">
        <input type="checkbox" checked={n.sound.value} onChange={(e) => n.setSound(e.currentTarget.checked)} />
        <span>{t('notify.sound')}</span>
      </label>
    </div>
  );
}
