import type { DialogSummary } from '@parley/protocol';
import type { DialogModel } from '../state/dialog-model';
import { useT, useWorkspace } from './context';
import { useAction } from './use-action';
import { Composer } from './composer';

/** Below the conversation: the composer, or what must happen before one can write. */
export function ComposerArea({ model, summary: d }: { model: DialogModel; summary: DialogSummary }) {
  const ws = useWorkspace();
  const t = useT();
  const { busy, error, run } = useAction();

  if (d.status === 'closed') {
    return (
      <div class="composer-bar">
        <p>{t('composer.closed')}</p>
        <button type="button" class="btn" disabled={busy.value} onClick={() => run(model.reopen)}>
          {t('action.reopen')}
        </button>
        {error.value && (
          <p class="error small" role="alert">
            {error.value}
          </p>
        )}
      </div>
    );
  }
  if (!d.assignee) {
    return (
      <div class="composer-bar">
        <p>{t('composer.unassigned')}</p>
        <button
          type="button"
          class="btn primary"
          disabled={busy.value}
          onClick={() =>
            run(async () => {
              await model.take();
              // The dialog is the operator's now: follow it to "mine".
              ws.router.navigate({ name: 'inbox', view: 'mine', dialogId: model.id });
            })
          }
        >
          {t('action.takeDialog')}
        </button>
        {error.value && (
          <p class="error small" role="alert">
            {error.value}
          </p>
        )}
      </div>
    );
  }
  return <Composer key={model.id} model={model} />;
}
