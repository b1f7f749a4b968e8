import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Alert } from '@parley/protocol';
import { formatDateTime } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';
import { useAction } from './use-action';

const REFRESH_MS = 60_000;

/** Problem alerts for admins: a banner while some are unseen, the list under it. */
export function AlertsBanner() {
  const ws = useWorkspace();
  const t = useT();
  const { i18n } = useApp();
  const data = useSignal<{ alerts: Alert[]; unseen: number } | null>(null);
  const open = useSignal(false);
  const { busy, run } = useAction();
  const admin = ws.isAdmin.value;
  useEffect(() => {
    if (!admin) return;
    const load = () =>
      ws.api.alerts().then(
        (d) => {
          data.value = d;
        },
        () => undefined,
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [admin]);
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
