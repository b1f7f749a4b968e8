import type { DialogView } from '@parley/protocol';
import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { visitorName } from '../lib/format';
import { useApp, useT, useWorkspace } from './context';
import { DialogHeader } from './dialog-header';
import { TimelineView } from './timeline-view';
import { TypingIndicator } from './typing-indicator';
import { ComposerArea } from './composer-area';
import { InfoPanel } from './info-panel';

export function DialogPane({ dialogId, view }: { dialogId: string; view: DialogView }) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  // The visitor panel starts collapsed where it would squeeze the conversation (phones, narrow windows).
  const infoOpen = useSignal(typeof matchMedia === 'function' ? !matchMedia('(max-width: 1100px)').matches : true);
  const pane = useRef<HTMLElement>(null);
  const model = ws.current.value;
  const summary = ws.lists.byId.value.get(dialogId) ?? model?.detail.value?.dialog ?? null;
  const ready = !!model && model.id === dialogId && !model.loading.value;

  // Focus follows the operator to the dialog they chose: the composer when there is one.
  useEffect(() => {
    if (!ready) return;
    const root = pane.current;
    const target = root?.querySelector<HTMLElement>('textarea.composer-input') ?? root?.querySelector<HTMLElement>('h2');
    target?.focus({ preventScroll: true });
  }, [ready, dialogId]);

  if (!model || model.id !== dialogId || model.loading.value) {
    return (
      <section class="pane">
        <p class="empty" role="status">
          {t('app.loading')}
        </p>
      </section>
    );
  }
  if (model.loadError.value || !summary) {
    return (
      <section class="pane">
        <p class="error" role="alert">
          {model.loadError.value ?? t('error.unknown')}
        </p>
        <button type="button" class="btn" onClick={() => void model.refetch()}>
          {t('action.retry')}
        </button>
      </section>
    );
  }
  const name = visitorName(summary.visitor, i18n.locale.value);
  return (
    <section class="pane" ref={pane} aria-label={t('dialog.label', { name })} data-dialog-id={dialogId}>
      <DialogHeader
        model={model}
        summary={summary}
        view={view}
        infoOpen={infoOpen.value}
        onToggleInfo={() => {
          infoOpen.value = !infoOpen.value;
        }}
      />
      <div class="pane-body">
        <div class="conversation">
          <TimelineView model={model} />
          <TypingIndicator dialogId={dialogId} />
          <ComposerArea model={model} summary={summary} />
        </div>
        {infoOpen.value && <InfoPanel model={model} />}
      </div>
    </section>
  );
}
