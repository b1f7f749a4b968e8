/** @jsxRuntime classic */
/** @jsx _h */
/** @jsxFrag _F */
import { h as _h, Fragment as _F } from 'preact';
import { MAX_MESSAGE_LENGTH, REQUEST_SUBJECT_LENGTH } from '@parley/protocol';
import type { AttachmentRef } from '../session/outbox';
import type { Props } from './store';
import { Icon, PATHS } from './icon';
import { attachFiles, prepareAttach } from './attach-files';
import { Suggestions } from './help-entry';
import { lazyView } from './lazy-view';

/** The files being attached: their list comes with the files' code (attach.tsx), loaded by then. */
const Files = lazyView('chips', 'attaching files', () => import('./attach'), false);

/** The emoji picker loads when the visitor first opens it (emoji.tsx). */
const Emoji = lazyView('emoji', 'the emoji picker', () => import('./emoji'), false);

export function Composer({ p }: Props) {
  const { ctx, chat, ui } = p;
  const { state } = ctx;
  const t = state.t.value;
  const attachments = state.effective.value?.config.attachments;
  const text = ui.text.value;
  const files = ui.files.value;
  const error = ui.error.value;
  const ready = files.filter((f) => f.ref).map((f) => f.ref as AttachmentRef);
  const canSend = (text.trim() !== '' || ready.length > 0) && files.every((f) => f.ref);
  // A subject may be given when a request starts: the visitor's first one, or a new one from My requests.
  const fresh = ui.newRequest.value;
  const asking = fresh || (!chat.view.value.dialog && chat.entries.value.length === 0);

  const resize = () => {
    const el = ui.els.input;
    if (!el) return;
    el.style.setProperty('height', 'auto');
    el.style.setProperty('height', `${Math.min(el.scrollHeight, 120)}px`);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!canSend) return;
    const subject = ui.subject.value.trim();
    // Only a new request from My requests starts one without a subject; else the first message starts it anyway.
    void chat.send(text.trim(), ready, fresh ? subject : asking && subject ? subject : undefined);
    ui.subject.value = '';
    ui.newRequest.value = false;
    ui.text.value = '';
    ui.suggest?.(p, '');
    ui.files.value = [];
    ui.error.value = null;
    queueMicrotask(resize);
  };

  return (
    <form class="cm" onSubmit={submit}>
      <Suggestions p={p} />
      {fresh && (
        <p class="nr">
          {t('requests.new')}
          <button type="button" class="lnk" aria-label={t('requests.back')} onClick={() => (ui.newRequest.value = false)}>
            ×
          </button>
        </p>
      )}
      {asking && (
        <input
          class="sj"
          type="text"
          maxLength={REQUEST_SUBJECT_LENGTH}
          aria-label={t('requests.subject')}
          placeholder={t('requests.subject')}
          value={ui.subject.value}
          onInput={(e) => (ui.subject.value = e.currentTarget.value)}
        />
      )}
      {error && (
        <div class="er" role="alert">
          {error}
        </div>
      )}
      {files.length > 0 && <Files p={p} />}
      {ui.emoji.value && <Emoji p={p} />}
      <div class="row">
        {attachments?.enabled && (
          <>
            <button
              type="button"
              class="ib"
              aria-label={t('composer.attach')}
              onPointerEnter={() => prepareAttach(p)}
              onFocus={() => prepareAttach(p)}
              onClick={() => ui.els.picker?.click()}
            >
              <Icon d={PATHS.clip} />
            </button>
            <input
              ref={(e) => void (ui.els.picker = e)}
              type="file"
              class="sr"
              tabIndex={-1}
              aria-hidden="true"
              multiple
              onChange={(e) => {
                attachFiles(p, e.currentTarget.files);
                e.currentTarget.value = '';
              }}
            />
          </>
        )}
        <textarea
          ref={(e) => void (ui.els.input = e)}
          id="parley-input"
          rows={1}
          maxLength={MAX_MESSAGE_LENGTH}
          aria-label={t('composer.placeholder')}
          placeholder={t('composer.placeholder')}
          enterkeyhint="send"
          value={text}
          onInput={(e) => {
            ui.text.value = e.currentTarget.value;
            chat.typing(ui.text.value);
            // Articles that may answer it (help-entry.tsx), where there are any.
            ui.suggest?.(p, ui.text.value);
            resize();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
          }}
          // A pasted screenshot or file is attached; pasted text stays text.
          onPaste={(e) => {
            const list = e.clipboardData?.files;
            if (!list?.length || !attachments?.enabled) return;
            e.preventDefault();
            attachFiles(p, list);
          }}
        />
        <button
          type="button"
          class="ib"
          aria-label={t('composer.emoji')}
          aria-expanded={ui.emoji.value}
          aria-controls="parley-emoji"
          // The focus stays where it is: in the picker, whose focusout would close it before this click toggles it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => (ui.emoji.value = !ui.emoji.value)}
        >
          <Icon d={PATHS.smile} />
        </button>
        <button type="submit" class="ib sd" aria-label={t('composer.send')} disabled={!canSend}>
          <Icon d={PATHS.send} />
        </button>
      </div>
    </form>
  );
}
