import type { DeviceRecord, Message } from '@parley/protocol';
import { useSignal } from '@preact/signals';
import { formatClock, formatDateTime } from '../lib/format';
import type { DialogModel } from '../state/dialog-model';
import { useApp, useT, useWorkspace } from './context';
import { AttachmentList } from './attachment-list';
import { DeviceBadge } from './device-badge';
import { ChannelBadge } from './channel-badge';
import { MessageEditor } from './message-editor';
import { RichText } from './rich-text';
import { MessageMenu } from './message-menu';

interface Props {
  model: DialogModel;
  message: Message;
  device: DeviceRecord | undefined;
  /** Written by the signed-in operator: they may edit and delete it. */
  mine: boolean;
  /** How the visitor is named in this dialog. */
  visitor: string;
  /** A closed dialog's messages can no longer be changed. */
  closed: boolean;
}

export function MessageItem({ model, message: m, device, mine, visitor, closed }: Props) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const editing = useSignal(false);
  const confirming = useSignal(false);
  const error = useSignal<string | null>(null);
  const deleted = !!m.deletedAt;
  const kind = m.author.kind;
  const mail = model.timeline.value.mail[m.id];
  const author = kind === 'visitor' ? visitor : kind === 'system' ? t('message.system') : (m.author.name ?? t('message.operator'));

  async function remove() {
    error.value = null;
    try {
      await model.remove(m.id);
      confirming.value = false;
    } catch (e) {
      error.value = ws.errorText(e);
    }
  }

  return (
    <article
      class={`msg msg-${kind} ${mine ? 'msg-mine' : ''} ${deleted ? 'msg-deleted' : ''}`}
      data-message-id={m.id}
      aria-label={t('message.from', { author })}
    >
      <header class="msg-meta">
        <span class="msg-author">{author}</span>
        <time dateTime={new Date(m.createdAt).toISOString()} title={formatDateTime(m.createdAt, i18n.locale.value)}>
          {formatClock(m.createdAt, i18n.locale.value)}
        </time>
        {m.editedAt && !deleted && <span class="msg-edited">{t('message.edited')}</span>}
        {kind !== 'visitor' && !deleted && m.seq <= (model.detail.value?.dialog.visitorReadSeq ?? 0) && <span class="msg-read">{t('message.read')}</span>}
      </header>
      {deleted ? (
        <p class="msg-text msg-gone">{t('message.deleted')}</p>
      ) : editing.value ? (
        <MessageEditor
          initial={m.text}
          onCancel={() => {
            editing.value = false;
          }}
          onSave={async (text) => {
            await model.edit(m.id, text);
            editing.value = false;
          }}
        />
      ) : (
        m.text && <RichText class="msg-text" text={m.text} />
      )}
      {mail?.spoofed && (
        <p class="msg-warning" role="note">
          {t('message.spoofed', { from: mail.address || t('message.unknownAddress'), expected: mail.expected ?? t('message.noAddress') })}
        </p>
      )}
      {!deleted && m.attachments.length > 0 && <AttachmentList attachments={m.attachments} />}
      <footer class="msg-foot">
        {kind === 'visitor' && m.channel && <ChannelBadge channel={m.channel} />}
        {kind === 'visitor' && device && <DeviceBadge device={device} />}
        {mail && (
          <span class="msg-mail" title={formatDateTime(mail.at, i18n.locale.value)}>
            {t(mail.direction === 'sent' ? 'message.mailSent' : 'message.mailReceived', { address: mail.address })}
          </span>
        )}
        {mine &&
          !deleted &&
          !editing.value &&
          !closed &&
          (confirming.value ? (
            <span class="msg-actions" role="group" aria-label={t('message.confirmDelete')}>
              <span>{t('message.confirmDelete')}</span>
              <button type="button" class="btn small danger" onClick={remove}>
                {t('action.delete')}
              </button>
              <button
                type="button"
                class="btn small"
                onClick={() => {
                  confirming.value = false;
                }}
              >
                {t('action.cancel')}
              </button>
            </span>
          ) : (
            <MessageMenu
              onEdit={() => {
                editing.value = true;
              }}
              onDelete={() => {
                confirming.value = true;
              }}
            />
          ))}
      </footer>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </article>
  );
}
