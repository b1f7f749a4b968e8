import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { DialogChannelInfo } from '@parley/protocol';
import type { DialogModel } from '../state/dialog-model';
import { formatDateTime } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';
import { useAction } from './use-action';
import { ChannelBadge } from './channel-badge';
import { LocaleField } from './settings/channels-settings';

/**
 * The dialog's messenger clients (Telegram, WhatsApp): the language their texts are sent in
 * (the operator switches it), the phone they shared, and "verify manually" for an anonymous one.
 */
export function DialogChannels({ model }: { model: DialogModel }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const list = useSignal<DialogChannelInfo[]>([]);
  const userId = useSignal('');
  const done = useSignal(false);
  const { busy, error, run } = useAction();
  const detail = model.detail.value;
  useEffect(() => {
    void run(async () => {
      list.value = await ws.api.dialogChannels(model.id);
    });
    // Again after each new message or summary: WhatsApp's window moves with the client's messages, and held sends change.
  }, [model.id, detail?.visitor.kind, detail?.dialog, model.timeline.value.cursor]);
  if (!detail || list.value.length === 0) return null;
  return (
    <section class="info-section" aria-label={t('filters.channel')} data-dialog-channels="">
      <h3>{t('filters.channel')}</h3>
      {list.value.map((c) => (
        <div key={c.channel}>
          <p>
            <ChannelBadge channel={c.channel} /> {c.phone && <span class="selectable">{c.phone}</span>}
          </p>
          {typeof c.windowEndsAt === 'number' &&
            (c.windowEndsAt > Date.now() ? (
              <p class="muted small" data-window="open">
                {t('dialogChannels.windowOpen', { time: formatDateTime(c.windowEndsAt, i18n.locale.value) })}
              </p>
            ) : (
              <p class="msg-warning" role="alert" data-window="closed">
                {t('dialogChannels.windowClosed')}
              </p>
            ))}
          {!!c.held && (
            <p class="msg-warning" role="status" data-held={c.held}>
              {t('dialogChannels.held', { n: c.held })}
            </p>
          )}
        </div>
      ))}
      <LocaleField
        label={t('dialogChannels.language')}
        value={list.value[0]?.locale ?? 'ru'}
        onChange={(locale) =>
          void run(async () => {
            list.value = await ws.api.setDialogLanguage(model.id, locale);
          })
        }
      />
      {detail.visitor.kind !== 'verified' && (
        <form
          class="form-row"
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await ws.api.verifyDialog(model.id, userId.value.trim());
              done.value = true;
              await model.refetch();
            });
          }}
        >
          <label class="field">
            <span>{t('dialogChannels.userId')}</span>
            <input
              type="text"
              required
              maxLength={256}
              value={userId.value}
              onInput={(e) => {
                userId.value = e.currentTarget.value;
              }}
            />
          </label>
          <button type="submit" class="btn small" disabled={busy.value}>
            {t('dialogChannels.verify')}
          </button>
        </form>
      )}
      {done.value && (
        <p class="ok" role="status">
          {t('dialogChannels.verified')}
        </p>
      )}
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
    </section>
  );
}
