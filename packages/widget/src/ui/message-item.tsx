/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import type { Entry } from '../session/chat';
import type { Props } from './store';
import { lazyView } from './lazy-view';
import { RichText } from './rich-text';
import { timeLabel } from './format';

/** Attachments show once their chunk has loaded: a visitor whose conversation has none never loads it. */
const Attachments = lazyView<Props & { entry: Entry }>('files', 'attachments', () => import('./attachments'), false);

const KIND_CLASS = { visitor: 'v', operator: 'o', system: 's' } as const;
const STATUS = { queued: 'status.queued', sending: 'status.sending', sent: 'status.sent', failed: 'status.failed' } as const;

/** One message: the visitor's own on the right (with its delivery state), the operator's on the left, system ones centred. */
export function MessageItem({ entry, p }: Props & { entry: Entry }) {
  const { ctx, chat } = p;
  const t = ctx.state.t.value;
  const locale = ctx.state.locale.value;
  const m = entry.kind === 'message' ? entry.message : null;
  const kind = m ? m.author.kind : 'visitor';
  const who = kind === 'visitor' ? t('chat.you') : kind === 'operator' ? (m?.author.name ?? t('chat.operator')) : '';
  const meta = [kind === 'operator' ? who : '', timeLabel(m ? m.createdAt : entry.kind === 'pending' ? entry.at : 0, locale)];
  if (m?.editedAt && !m.deletedAt) meta.push(t('chat.edited'));
  if (entry.kind === 'pending') meta.push(t(STATUS[entry.status]));
  else if (kind === 'visitor') meta.push(t(entry.read ? 'status.read' : 'status.sent'));
  const failed = entry.kind === 'pending' && entry.error;
  return (
    <div class={`m ${KIND_CLASS[kind]}${failed ? ' fl' : ''}`}>
      <div class="bu">
        {who && <span class="sr">{who}: </span>}
        {m?.deletedAt ? <em>{t('chat.deleted')}</em> : <RichText text={m ? m.text : entry.kind === 'pending' ? entry.text : ''} />}
        {(m ? !m.deletedAt && m.attachments.length > 0 : entry.kind === 'pending' && entry.attachments.length > 0) && <Attachments entry={entry} p={p} />}
      </div>
      <div class="mt">{meta.filter(Boolean).join(' · ')}</div>
      {failed && (
        <div class="er">
          {failed}{' '}
          <button type="button" class="lnk" onClick={() => chat.discard(entry.clientId)}>
            {t('status.remove')}
          </button>
        </div>
      )}
    </div>
  );
}
