import type { DialogSummary } from '@parley/protocol';
import { formatDate, preview } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';

/** Earlier dialogs of a verified visitor (the server never sends any for anonymous ones). */
export function PreviousDialogs({ dialogs }: { dialogs: readonly DialogSummary[] }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  if (dialogs.length === 0) return <p class="empty small">{t('info.noPrevious')}</p>;
  return (
    <ul class="previous">
      {dialogs.map((d) => (
        <li key={d.id}>
          <a href={ws.router.href({ name: 'inbox', view: d.status === 'closed' ? 'resolved' : ws.isAdmin.value ? 'all' : 'mine', dialogId: d.id })}>
            {formatDate(d.createdAt, i18n.locale.value)}
          </a>
          {d.closeStatus && <span class="small muted"> · {t(`close.${d.closeStatus}` as const)}</span>}
          {d.lastMessage?.text && <p class="small">{preview(d.lastMessage.text, 80)}</p>}
        </li>
      ))}
    </ul>
  );
}
