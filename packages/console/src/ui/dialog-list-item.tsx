import { requestLabel, type DialogSummary, type DialogView } from '@parley/protocol';
import { formatListTime, preview, visitorName } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';
import { Avatar } from './avatar';
import { tagStyle } from '../lib/colors';
import { ChannelBadge } from './channel-badge';

export function DialogListItem({ dialog: d, view, active }: { dialog: DialogSummary; view: DialogView; active: boolean }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const name = visitorName(d.visitor, i18n.locale.value);
  const typing = ws.typing.board.value.get(d.id);
  const last = d.lastMessage;
  const lastText = last ? (last.text ? preview(last.text) : last.hasAttachments ? t('list.attachment') : t('message.deleted')) : '';
  const who = last?.authorKind === 'operator' ? `${t('list.operatorPrefix')} ` : '';
  return (
    <a
      href={ws.router.href({ name: 'inbox', view, dialogId: d.id })}
      class={`dialog-item ${active ? 'active' : ''} ${d.unread > 0 ? 'unread' : ''}`}
      aria-current={active ? 'true' : undefined}
      data-dialog-id={d.id}
    >
      <Avatar name={name} size="sm" />
      <span class="dialog-item-main">
        <span class="dialog-item-top">
          <span class="dialog-item-name">{name}</span>
          {d.visitor.kind === 'verified' && (
            <span class="badge verified" title={t('visitor.verified')}>
              ✓
            </span>
          )}
          {d.channel !== 'web' && <ChannelBadge channel={d.channel} still />}
          {d.number !== undefined && <span class="dialog-item-number">{requestLabel(d.number)}</span>}
          <time class="dialog-item-time" dateTime={new Date(last?.at ?? d.updatedAt).toISOString()}>
            {formatListTime(last?.at ?? d.updatedAt, Date.now(), i18n.locale.value)}
          </time>
        </span>
        {d.subject && <span class="dialog-item-subject">{d.subject}</span>}
        <span class="dialog-item-preview">
          {typing?.visitor ? (
            <em>{t('typing.short')}</em>
          ) : (
            <>
              {who}
              {lastText}
            </>
          )}
        </span>
        <span class="dialog-item-bottom">
          {view !== 'mine' && d.assignee && <span class="dialog-item-assignee">{d.assignee.name}</span>}
          {view === 'resolved' && d.rating && (
            <span class="dialog-item-rating" aria-label={t('rating.label', { score: d.rating.score })}>
              {'★'.repeat(d.rating.score)}
            </span>
          )}
          {d.tags.map((tag) => (
            <span class="tag" key={tag} style={tagStyle(ws.team.tagColor(tag))}>
              {tag}
            </span>
          ))}
        </span>
      </span>
      {d.unread > 0 && (
        <span class="count" aria-label={t('list.unread', { n: d.unread })}>
          {d.unread}
        </span>
      )}
    </a>
  );
}
