import { REQUEST_STATUS_NAMES, requestLabel, type DialogSummary, type DialogView } from '@parley/protocol';
import { visitorName } from '../lib/format';
import type { DialogModel } from '../state/dialog-model';
import { useApp, useT, useWorkspace } from './context';
import { useAction } from './use-action';
import { AssignMenu } from './assign-menu';
import { CloseMenu } from './close-menu';
import { TagsEditor } from './tags-editor';
import { LeadButton } from './lead-button';
import { CallButtons } from './call-buttons';

interface Props {
  model: DialogModel;
  summary: DialogSummary;
  view: DialogView;
  infoOpen: boolean;
  onToggleInfo(): void;
}

export function DialogHeader({ model, summary: d, view, infoOpen, onToggleInfo }: Props) {
  const ws = useWorkspace();
  const { i18n } = useApp();
  const t = useT();
  const { busy, error, run } = useAction();
  const me = ws.session.me.value;
  const name = visitorName(d.visitor, i18n.locale.value);
  const open = d.status === 'open';
  const group = ws.team.groupName(d.groupId);

  return (
    <header class="pane-head">
      <a class="btn small pane-back" href={ws.router.href({ name: 'inbox', view, dialogId: null })} aria-keyshortcuts="Escape">
        <span aria-hidden="true">←</span>
        <span class="sr-only">{t('action.back')}</span>
      </a>
      <div class="pane-title">
        <h2 tabIndex={-1} class="pane-heading">
          {name}
        </h2>
        <p class="pane-sub">
          {d.number !== undefined && (
            <>
              <span class="pane-request" data-status={d.request}>
                {t('dialog.request', { n: requestLabel(d.number) })}
                {d.request && ` · ${REQUEST_STATUS_NAMES[i18n.locale.value][d.request]}`}
              </span>
              {' · '}
            </>
          )}
          {d.subject && (
            <>
              <span class="pane-subject">{t('dialog.subject', { subject: d.subject })}</span>
              {' · '}
            </>
          )}
          <span class={`status status-${d.status}`}>
            {open ? t('dialog.open') : t('dialog.closedAs', { status: d.closeStatus ? t(`close.${d.closeStatus}` as const) : t('dialog.closed') })}
          </span>
          {' · '}
          <span class="pane-assignee">{d.assignee ? t('dialog.assignedTo', { name: d.assignee.name }) : t('dialog.unassigned')}</span>
          {group && (
            <>
              {' · '}
              <span class="pane-group">{t('dialog.group', { name: group })}</span>
            </>
          )}
          {d.visitor.blocked && (
            <>
              {' · '}
              <span class="badge blocked">{t('visitor.blocked')}</span>
            </>
          )}
        </p>
      </div>
      <div class="pane-actions" role="toolbar" aria-label={t('dialog.actions')}>
        {open && d.assignee?.id !== me?.id && (!d.assignee || ws.isAdmin.value) && (
          <button
            type="button"
            class="btn primary"
            disabled={busy.value}
            onClick={() =>
              run(async () => {
                await model.take();
                ws.router.navigate({ name: 'inbox', view: 'mine', dialogId: model.id });
              })
            }
          >
            {t('action.take')}
          </button>
        )}
        {open && ws.isAdmin.value && <AssignMenu current={d.assignee?.id ?? null} disabled={busy.value} onAssign={(id) => run(() => model.assign(id))} />}
        {open && (
          <button
            type="button"
            class="btn"
            aria-pressed={d.request === 'waiting'}
            disabled={busy.value}
            onClick={() => run(() => model.setWaiting(d.request !== 'waiting'))}
          >
            {t('action.waiting')}
          </button>
        )}
        {open && <CloseMenu disabled={busy.value} onClose={(s) => run(() => model.close(s))} />}
        {!open && (
          <button type="button" class="btn" disabled={busy.value} onClick={() => run(model.reopen)}>
            {t('action.reopen')}
          </button>
        )}
        {open && <CallButtons dialogId={d.id} name={name} />}
        <LeadButton dialogId={d.id} />
        <button type="button" class="btn" aria-pressed={infoOpen} aria-controls="visitor-info" onClick={onToggleInfo}>
          {t('action.info')}
        </button>
      </div>
      <TagsEditor tags={d.tags} known={ws.team.tags.value} onChange={(tags) => run(() => model.setTags(tags))} />
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
    </header>
  );
}
