import { useT, useWorkspace } from './context';

/** In-app notifications (the desktop ones may be blocked): announced politely to screen readers. */
export function Toasts() {
  const ws = useWorkspace();
  const t = useT();
  const toasts = ws.notifier.toasts.value;
  return (
    <section class="toasts" aria-live="polite" aria-label={t('toast.region')}>
      {toasts.map((toast) => (
        <div class="toast" key={toast.id} data-dialog-id={toast.dialogId}>
          <p class="toast-title">{toast.title}</p>
          <p class="toast-body">{toast.body}</p>
          <div class="toast-actions">
            <button
              type="button"
              class="btn small primary"
              onClick={() => {
                ws.notifier.dismiss(toast.id);
                ws.notifier.seen(toast.dialogId);
                ws.openDialog(toast.dialogId);
              }}
            >
              {t('toast.open')}
            </button>
            <button type="button" class="btn small" onClick={() => ws.notifier.dismiss(toast.id)}>
              {t('toast.dismiss')}
            </button>
          </div>
        </div>
      ))}
    </section>
  );
}
