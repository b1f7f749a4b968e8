import type { Props } from './store';
import { Header } from './header';
import { MessageList } from './message-list';
import { Composer } from './composer';
import { Rating } from './rating';
import { OfflineForm } from './offline-form';
import { Transcript } from './transcript';
import { PreChatForm } from './prechat-form';
import { Lightbox } from './lightbox';
import { attach } from './attach';

const hasFiles = (e: DragEvent) => !!e.dataTransfer?.types.includes('Files');

/** The chat panel: a dialog beside the launcher, full screen on phones; Escape closes it. Files dropped on it are attached. */
export function Panel({ p }: Props) {
  const { ctx, chat, status, ui } = p;
  const { state } = ctx;
  const open = state.open.value;
  const full = ui.full.value;
  const s = status.value;
  const t = state.t.value;
  const chatting = state.mode.value !== 'offline-form';
  // Asked before a new conversation, when the project wants to know who is writing.
  const preChat = chatting && !!chat.visitor.value?.needsPreChat && chat.view.value.dialog?.status !== 'open';
  const drops = chatting && !preChat && !!state.effective.value?.config.attachments.enabled;
  return (
    <div
      ref={(e) => void (ui.els.panel = e)}
      id="parley-panel"
      class={full ? 'p full' : 'p'}
      role="dialog"
      aria-modal={full ? 'true' : 'false'}
      aria-labelledby="parley-title"
      tabIndex={-1}
      hidden={!open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          ctx.close();
        }
      }}
      onDragOver={(e) => {
        if (!drops || !hasFiles(e)) return;
        e.preventDefault();
        ui.dragging.value = true;
      }}
      onDragLeave={(e) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) ui.dragging.value = false;
      }}
      onDrop={(e) => {
        if (!drops || !hasFiles(e)) return;
        e.preventDefault();
        ui.dragging.value = false;
        attach(p, e.dataTransfer?.files ?? null);
      }}
    >
      <Header p={p} />
      {(s === 'offline' || s === 'blocked') && (
        <div class="bn" role={s === 'blocked' ? 'alert' : 'status'}>
          {t(s === 'blocked' ? 'panel.blocked' : 'panel.noConnection')}
        </div>
      )}
      {ui.help.value ? (
        <ui.help.value.View />
      ) : ui.requests.value ? (
        <ui.requests.value.View />
      ) : !chatting ? (
        <OfflineForm p={p} />
      ) : (
        <>
          <MessageList p={p} />
          {preChat ? (
            <PreChatForm p={p} />
          ) : (
            <>
              <Rating p={p} />
              <Transcript p={p} />
              <Composer p={p} />
            </>
          )}
        </>
      )}
      {ui.dragging.value && (
        <div class="dz" aria-hidden="true">
          {t('composer.drop')}
        </div>
      )}
      <Lightbox p={p} />
    </div>
  );
}
