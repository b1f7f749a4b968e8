import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { WebhookDelivery } from '@parley/protocol';
import { formatDateTime } from '../../lib/format';
import { useApp, useT, useWorkspace } from '../context';
import { useAction } from '../use-action';

/** One endpoint's delivery log: status, response code, time, attempts, and "Resend". */
export function WebhookDeliveries({ endpointId, reload }: { endpointId: string; reload: number }) {
  const ws = useWorkspace();
  const t = useT();
  const { i18n } = useApp();
  const list = useSignal<WebhookDelivery[] | null>(null);
  const { busy, error, run } = useAction();
  const load = () =>
    run(async () => {
      list.value = await ws.api.deliveries(endpointId);
    });
  useEffect(() => {
    void load();
  }, [endpointId, reload]);
  const when = (ts: number) => formatDateTime(ts, i18n.locale.value);
  return (
    <div class="webhook-log">
      <p>
        <button type="button" class="btn small" disabled={busy.value} onClick={() => void load()}>
          {t('webhooks.refresh')}
        </button>
      </p>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
      {list.value && list.value.length === 0 && <p class="muted">{t('webhooks.noDeliveries')}</p>}
      {list.value && list.value.length > 0 && (
        <table class="table" aria-label={t('webhooks.log')}>
          <thead>
            <tr>
              <th scope="col">{t('webhooks.col.time')}</th>
              <th scope="col">{t('webhooks.col.event')}</th>
              <th scope="col">{t('webhooks.col.status')}</th>
              <th scope="col">{t('webhooks.col.code')}</th>
              <th scope="col">{t('webhooks.col.attempts')}</th>
              <th scope="col">
                <span class="sr-only">{t('webhooks.resend')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((d) => (
              <tr key={d.id} data-status={d.status}>
                <td>{when(d.lastAttemptAt ?? d.createdAt)}</td>
                <td>
                  <code>{d.eventType}</code>
                </td>
                <td>
                  <span class={`badge delivery-${d.status}`}>{t(`webhooks.status.${d.status}` as const)}</span>
                  {d.nextAttemptAt !== null && <span class="muted small"> · {t('webhooks.nextTry', { time: when(d.nextAttemptAt) })}</span>}
                </td>
                <td title={d.error ?? undefined}>
                  {d.responseCode ?? '—'}
                  {d.durationMs !== null && <span class="muted small"> · {d.durationMs} ms</span>}
                  {d.error && d.responseCode === null && <span class="muted small"> · {d.error}</span>}
                </td>
                <td>{d.attempts}</td>
                <td>
                  <button
                    type="button"
                    class="btn small"
                    disabled={busy.value}
                    onClick={() =>
                      run(async () => {
                        await ws.api.resendDelivery(d.id);
                        list.value = await ws.api.deliveries(endpointId);
                      })
                    }
                  >
                    {t('webhooks.resend')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
