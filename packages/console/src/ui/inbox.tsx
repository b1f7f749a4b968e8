import type { DialogView } from '@parley/protocol';
import { useEffect } from 'preact/hooks';
import { useT, useWorkspace } from './context';
import { DialogList } from './dialog-list';
import { DialogPane } from './dialog-pane';

/** The lists on the left, the chosen dialog on the right. */
export function Inbox({ view, dialogId }: { view: DialogView; dialogId: string | null }) {
  const ws = useWorkspace();
  const t = useT();
  useEffect(() => {
    ws.lists.refresh(view);
  }, [view]);
  return (
    <div class={`inbox ${dialogId ? 'has-dialog' : ''}`}>
      <DialogList view={view} activeId={dialogId} />
      {dialogId ? (
        <DialogPane key={dialogId} view={view} dialogId={dialogId} />
      ) : (
        <div class="pane-empty">
          <p>{t('inbox.pick')}</p>
        </div>
      )}
    </div>
  );
}
