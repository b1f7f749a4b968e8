import type { PendingMessage } from '../lib/timeline';
import type { DialogModel } from '../state/dialog-model';
import { useT } from './context';
import { RichText } from './rich-text';

/** A reply on its way: "sending", or the error with retry and discard. */
export function PendingItem({ model, pending: p }: { model: DialogModel; pending: PendingMessage }) {
  const t = useT();
  return (
    <article class={`msg msg-operator msg-mine msg-pending ${p.error ? 'msg-failed' : ''}`} aria-busy={!p.error}>
      {p.text && <RichText class="msg-text" text={p.text} />}
      {p.attachmentNames.length > 0 && (
        <ul class="attachments">
          {p.attachmentNames.map((n, i) => (
            <li key={i} class="file">
              {n}
            </li>
          ))}
        </ul>
      )}
      <footer class="msg-foot">
        {p.error ? (
          <span class="msg-actions">
            <span class="error small" role="alert">
              {p.error}
            </span>
            <button type="button" class="btn small" onClick={() => void model.retry(p.clientId).catch(() => undefined)}>
              {t('action.retry')}
            </button>
            <button type="button" class="btn small link" onClick={() => model.discard(p.clientId)}>
              {t('action.discard')}
            </button>
          </span>
        ) : (
          <span class="msg-sending">{t('message.sending')}</span>
        )}
      </footer>
    </article>
  );
}
