import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { BlockedVisitor } from '@parley/protocol';
import { formatDateTime, visitorName } from '../../lib/format';
import { useApp, useT, useWorkspace } from '../context';
import { useAction } from '../use-action';

/** Blocked visitors: their messages are refused; unblock here. */
export function BlockedSettings() {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const list = useSignal<BlockedVisitor[] | null>(null);
  const { error, run } = useAction();
  useEffect(() => {
    void run(async () => {
      list.value = await ws.api.blockedVisitors();
    });
  }, []);
  return (
    <section>
      <h3>{t('settings.blocked')}</h3>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {list.value === null ? (
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      ) : list.value.length === 0 ? (
        <p class="muted">{t('blocked.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('blocked.visitor')}</th>
              <th scope="col">{t('blocked.since')}</th>
              <th scope="col">{t('operators.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.value.map((v) => (
              <tr key={v.id} data-visitor-id={v.id}>
                <td>{visitorName(v, i18n.locale.value)}</td>
                <td>{formatDateTime(v.blockedAt, i18n.locale.value)}</td>
                <td>
                  <button
                    type="button"
                    class="btn small"
                    onClick={() =>
                      void run(async () => {
                        await ws.api.unblock(v.id);
                        list.value = (list.value ?? []).filter((x) => x.id !== v.id);
                      })
                    }
                  >
                    {t('info.unblock')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
