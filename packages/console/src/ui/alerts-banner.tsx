import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Alert } from '@parley/protocol';
import { formatDateTime } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';
import { useAction } from './use-action';

/**
 * Problem alerts for admins: a banner while some are unseen, the list under it. Loaded when shown
 * and again whenever the server says they changed (`alerts.changed` over the console's socket,
 * or a reconnect): nothing polls.
 */
export function AlertsBanner() {
  const ws = useWorkspace();
  const t = useT();
  const { i18n } = useApp();
  const data = useSignal<{ alerts: Alert[]; unseen: number } | null>(null);
  const open = useSignal(false);
  const { busy, run } = useAction();
  const admin = ws.isAdmin.value;
  const version = ws.alertsVersion.value;
  useEffect(() => {
    if (!admin) return;
    let live = true;
    ws.api.alerts().then(
      (d) => {
        if (live) data.value = d;
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [admin, version]);
  const d = data.value;
  if (!admin || !d || d.unseen === 0) return null;
  const unseen = d.alerts.filter((a) => a.seenAt === null);
  return (
    <div class="banner alerts-banner" role="region" aria-label={t('alerts.title')}>
      <p>
        <strong>{t('alerts.banner', { n: d.unseen })}</strong>{' '}
        <button
          type="button"
          class="btn small"
          aria-expanded={open.value}
          onClick={() => {
            open.value = !open.value;
          }}
        >
          {t('alerts.show')}
        </button>{' '}
        <button
          type="button"
          class="btn small"
          disabled={busy.value}
          onClick={() =>
            run(async () => {
              data.value = await ws.api.alertsSeen();
              open.value = false;
            })
          }
        >
          {t('alerts.seen')}
        </button>
      </p>
      {open.value && (
        <ul class="alerts-list">
          {unseen.map((a) => (
            <li key={a.id}>
              <span class="muted">{formatDateTime(a.createdAt, i18n.locale.value)}</span>{' '}
              {a.kind === 'low_rating' ? t('alerts.low_rating', { score: a.score ?? '' }) : t('alerts.nobody_online')}
              {a.comment && <q>{a.comment}</q>}
              {a.dialogId && (
                <>
                  {' '}
                  · <a href={ws.router.href({ name: 'inbox', view: 'all', dialogId: a.dialogId })}>{t('alerts.open')}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
