/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import type { FormProps, Props } from './store';
import { Header } from './header';
import { MessageList } from './message-list';
import { Composer } from './composer';
import { Transcript } from './transcript';
import { attachFiles } from './attach-files';
import { lazyView } from './lazy-view';

// What a visitor who only chats never sees loads when it shows (each its own chunk).
// Each module exports its component as `View` and its styles as `css`.
// A form whose part of the config is bad shows `alt` instead: the plain chat, as if that form were off.
const OfflineForm = lazyView<FormProps>('offline', 'the offline form', () => import('./offline-form'));
const PreChatForm = lazyView<FormProps>('prechat', 'the pre-chat form', () => import('./prechat-form'));
const Rating = lazyView('rating', 'the rating', () => import('./rating'));
const Lightbox = lazyView('lightbox', 'the image viewer', () => import('./lightbox'));

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
  // Files may be dropped where the chat is, and wherever the composer can attach them (a form's fallback).
  const chatDrops = chatting && !preChat && !!state.effective.value?.config.attachments.enabled;
  const drops = (e: DragEvent) => (chatDrops || !!ui.els.picker) && hasFiles(e);
  // The rating is offered once a dialog is closed, in projects that ask for it (rating.tsx decides the rest).
  const closed = chat.view.value.dialog?.status === 'closed' && !!state.config.value?.rating.enabled;
  const talk = (
    <>
      {closed && <Rating p={p} />}
      <Transcript p={p} />
      <Composer p={p} />
    </>
  );
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
        if (!drops(e)) return;
        e.preventDefault();
        ui.dragging.value = true;
      }}
      onDragLeave={(e) => {
        if (!(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node | null)) ui.dragging.value = false;
      }}
      onDrop={(e) => {
        if (!drops(e)) return;
        e.preventDefault();
        ui.dragging.value = false;
        attachFiles(p, e.dataTransfer?.files);
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
        <OfflineForm
          p={p}
          alt={
            <>
              <MessageList p={p} />
              {talk}
            </>
          }
        />
      ) : (
        <>
          <MessageList p={p} />
          {preChat ? <PreChatForm p={p} alt={talk} /> : talk}
        </>
      )}
      {ui.dragging.value && (
        <div class="dz" aria-hidden="true">
          {t('composer.drop')}
        </div>
      )}
      {ui.image.value && <Lightbox p={p} />}
    </div>
  );
}
