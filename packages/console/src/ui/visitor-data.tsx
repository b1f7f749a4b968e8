import { useSignal } from '@preact/signals';
import { OperatorRoutes } from '@parley/protocol';
import { formatDateTime } from '../lib/format';
import type { DialogModel } from '../state/dialog-model';
import { useApp, useT } from './context';
import { useAction } from './use-action';

/** A visitor's rights from the console: export their data (JSON or zip with files) and erase it. */
export function VisitorData({ model }: { model: DialogModel }) {
  const { i18n } = useApp();
  const t = useT();
  const confirming = useSignal(false);
  const { busy, error, run } = useAction();
  const d = model.detail.value;
  if (!d) return null;
  const erasedAt = d.dialog.erasedAt ?? null;
  return (
    <section class="info-section">
      <h3>{t('info.data')}</h3>
      {erasedAt !== null ? (
        <p class="small muted" role="status">
          {t('info.erased', { at: formatDateTime(erasedAt, i18n.locale.value) })}
        </p>
      ) : (
        <>
          <p class="small muted">{t('info.dataHint')}</p>
          <p>
            <a class="btn small" href={OperatorRoutes.visitorExport(d.visitor.id)} download>
              {t('info.export')}
            </a>{' '}
            <a class="btn small" href={OperatorRoutes.visitorExportZip(d.visitor.id)} download>
              {t('info.exportZip')}
            </a>
          </p>
          {confirming.value ? (
            <div role="group" aria-label={t('info.erase')}>
              <p class="error">{t('info.eraseWarning')}</p>
              <button
                type="button"
                class="btn small danger"
                disabled={busy.value}
                onClick={() =>
                  void run(model.eraseVisitor).then((ok) => {
                    if (ok) confirming.value = false;
                  })
                }
              >
                {t('info.eraseConfirm')}
              </button>{' '}
              <button
                type="button"
                class="btn small"
                onClick={() => {
                  confirming.value = false;
                }}
              >
                {t('action.cancel')}
              </button>
            </div>
          ) : (
            <button
              type="button"
              class="btn small danger"
              onClick={() => {
                confirming.value = true;
              }}
            >
              {t('info.erase')}
            </button>
          )}
          {error.value && (
            <p class="error" role="alert">
              {error.value}
            </p>
          )}
        </>
      )}
    </section>
  );
}
