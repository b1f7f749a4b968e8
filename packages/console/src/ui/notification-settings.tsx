import { useT, useWorkspace } from './context';
import { useAction } from './use-action';

/** Desktop notifications (asked only when the operator clicks) and the sound switch. */
export function NotificationSettings() {
  const ws = useWorkspace();
  const t = useT();
  const n = ws.notifier;
  const me = ws.session.me.value;
  const { busy, error, run } = useAction();
  const perm = n.permission.value;
  return (
    <div class="notification-settings">
      <p>
        {perm === 'granted' && t('notify.granted')}
        {perm === 'denied' && t('notify.denied')}
        {perm === 'unsupported' && t('notify.unsupported')}
        {perm === 'default' && (
          <button type="button" class="btn" onClick={() => void n.requestPermission()}>
            {t('notify.enable')}
          </button>
        )}
      </p>
      <label class="check">
        <input type="checkbox" checked={n.sound.value} onChange={(e) => n.setSound(e.currentTarget.checked)} />
        <span>{t('notify.sound')}</span>
      </label>
      <fieldset>
        <legend>{t('notify.newChats')}</legend>
        <p class="muted small">{t('notify.newChatsHint')}</p>
        {(['newChatSound', 'newChatTitle'] as const).map((k) => (
          <label class="check" key={k}>
            <input
              type="checkbox"
              checked={me?.prefs?.[k] ?? false}
              disabled={busy.value}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                void run(async () => ws.session.update(await ws.api.updateMe({ prefs: { [k]: on } })));
              }}
            />
            <span>{t(`notify.${k}` as const)}</span>
          </label>
        ))}
        {error.value && (
          <p class="error small" role="alert">
            {error.value}
          </p>
        )}
      </fieldset>
    </div>
  );
}
