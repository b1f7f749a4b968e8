import { useComputed, useSignal } from '@preact/signals';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { acceptAttribute, MAX_MESSAGE_LENGTH, type Template } from '@parley/protocol';
import { uploadFile } from '../api/upload';
import { createTypingEmitter } from '../lib/typing-emitter';
import { insertTemplate, shortcutAt, shortcutSuggestions } from '../lib/templates';
import type { DialogModel } from '../state/dialog-model';
import { createUploads } from '../state/uploads';
import { useT, useWorkspace } from './context';
import { ShortcutMenu } from './shortcut-menu';
import { TemplatePicker } from './template-picker';
import { ArticlePicker } from './article-picker';
import { UploadChip } from './upload-chip';

type Mode = 'reply' | 'note';

/**
 * Reply or internal note. Enter sends, Shift+Enter is a new line; "." starts a template
 * shortcut; files upload as soon as they are attached, with progress.
 */
export function Composer({ model }: { model: DialogModel }) {
  const ws = useWorkspace();
  const t = useT();
  const id = model.id;
  const mode = useSignal<Mode>('reply');
  const text = useSignal(ws.drafts.get(id) ?? '');
  const caret = useSignal(0);
  const active = useSignal(0);
  const dismissedAt = useSignal<number | null>(null);
  const pickerOpen = useSignal(false);
  const articlesOpen = useSignal(false);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  /** Chat, or chat and email at once (offered when the visitor left an address). */
  const via = useSignal<'chat' | 'email'>('chat');
  const notice = useSignal<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const uploads = useMemo(
    () =>
      createUploads({
        upload: (f, p) => uploadFile(f, p),
        errorText: ws.errorText,
        unsupportedText: t('composer.unsupported'),
        tooManyText: t('composer.tooManyFiles'),
      }),
    [id],
  );
  const typing = useMemo(
    () =>
      createTypingEmitter({
        send: (on) => ws.sendTyping(id, on),
        now: () => Date.now(),
        setTimeout: (fn, ms) => window.setTimeout(fn, ms),
        clearTimeout: (h) => window.clearTimeout(h),
      }),
    [id],
  );
  useEffect(
    () => () => {
      typing.stop();
      typing.destroy();
      uploads.destroy();
    },
    [id],
  );

  const shortcut = useComputed(() => shortcutAt(text.value, caret.value));
  const suggestions = useComputed<Template[]>(() => {
    const s = shortcut.value;
    if (!s || dismissedAt.value === s.start) return [];
    return shortcutSuggestions(ws.templates.list.value, s.query);
  });
  const menuOpen = suggestions.value.length > 0;

  function setText(value: string, pos: number) {
    text.value = value;
    caret.value = pos;
    ws.drafts.set(id, value);
    if (mode.value === 'reply') typing.input(value);
  }

  function applyTemplate(tpl: Template) {
    const el = input.current;
    const s = shortcut.value;
    const at = s ?? { start: caret.value, end: caret.value, query: '' };
    const next = insertTemplate(text.value, at, tpl.text);
    setText(next.text, next.caret);
    active.value = 0;
    pickerOpen.value = false;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  }

  async function submit() {
    const value = text.value.trim();
    const files = uploads.ready.value;
    if (busy.value || uploads.busy.value) return;
    error.value = null;
    if (mode.value === 'note') {
      if (!value) return;
      busy.value = true;
      try {
        await model.note(value);
        setText('', 0);
      } catch (e) {
        error.value = ws.errorText(e);
      } finally {
        busy.value = false;
      }
      return;
    }
    if (!value && files.length === 0) return;
    setText('', 0);
    typing.stop();
    uploads.clear();
    // The pending item shows progress and failure (with retry), so nothing is awaited here.
    model.send(value, files, via.value === 'email' && model.email.value?.available ? 'email' : 'chat').catch(() => undefined);
  }

  async function transcript() {
    error.value = null;
    notice.value = null;
    try {
      await model.sendTranscript();
      notice.value = t('composer.transcriptSent', { address: model.email.value?.address ?? '' });
    } catch (e) {
      error.value = ws.errorText(e);
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (menuOpen) {
      const list = suggestions.value;
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        active.value = (active.value + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length;
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        const tpl = list[Math.min(active.value, list.length - 1)];
        if (tpl) applyTemplate(tpl);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        dismissedAt.value = shortcut.value?.start ?? null;
        return;
      }
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  const note = mode.value === 'note';
  const mail = model.email.value;
  const listId = `shortcuts-${id}`;
  return (
    <div class={`composer ${note ? 'composer-note' : ''}`}>
      <div class="composer-modes" role="group" aria-label={t('composer.mode')}>
        <button
          type="button"
          class="mode"
          aria-pressed={!note}
          onClick={() => {
            mode.value = 'reply';
          }}
        >
          {t('composer.reply')}
        </button>
        <button
          type="button"
          class="mode"
          aria-pressed={note}
          onClick={() => {
            mode.value = 'note';
            typing.stop();
          }}
        >
          {t('composer.note')}
        </button>
      </div>
      {note && <p class="composer-hint">{t('composer.noteHint')}</p>}
      {!note && mail?.address && (
        <div class="composer-via" role="radiogroup" aria-label={t('composer.via')}>
          <label class="check">
            <input
              type="radio"
              name={`via-${id}`}
              value="chat"
              checked={via.value !== 'email' || !mail.available}
              onChange={() => {
                via.value = 'chat';
              }}
            />
            <span>{t('composer.viaChat')}</span>
          </label>
          <label class="check" title={mail.reason ?? undefined}>
            <input
              type="radio"
              name={`via-${id}`}
              value="email"
              disabled={!mail.available}
              checked={via.value === 'email' && mail.available}
              onChange={() => {
                via.value = 'email';
              }}
            />
            <span>{t('composer.viaEmail', { address: mail.address })}</span>
          </label>
          {!mail.available && mail.reason && <span class="muted small">{mail.reason}</span>}
        </div>
      )}
      {menuOpen && (
        <ShortcutMenu
          id={listId}
          templates={suggestions.value}
          active={Math.min(active.value, suggestions.value.length - 1)}
          onPick={applyTemplate}
          onHover={(i) => {
            active.value = i;
          }}
        />
      )}
      {articlesOpen.value && (
        <ArticlePicker
          onPick={(link) => {
            const at = caret.value;
            const before = text.value.slice(0, at);
            const piece = `${before && !/\s$/.test(before) ? ' ' : ''}${link} `;
            setText(before + piece + text.value.slice(at), at + piece.length);
            articlesOpen.value = false;
            input.current?.focus();
          }}
          onClose={() => {
            articlesOpen.value = false;
            input.current?.focus();
          }}
        />
      )}
      {pickerOpen.value && (
        <TemplatePicker
          onPick={applyTemplate}
          onClose={() => {
            pickerOpen.value = false;
            input.current?.focus();
          }}
        />
      )}
      <textarea
        ref={input}
        class="composer-input"
        rows={3}
        maxLength={MAX_MESSAGE_LENGTH}
        aria-label={note ? t('composer.noteLabel') : t('composer.replyLabel')}
        placeholder={note ? t('composer.notePlaceholder') : t('composer.placeholder')}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={menuOpen}
        aria-controls={menuOpen ? listId : undefined}
        aria-activedescendant={menuOpen ? `${listId}-${Math.min(active.value, suggestions.value.length - 1)}` : undefined}
        value={text.value}
        onInput={(e) => {
          const el = e.currentTarget;
          active.value = 0;
          setText(el.value, el.selectionStart ?? el.value.length);
        }}
        onKeyUp={(e) => {
          caret.value = e.currentTarget.selectionStart ?? caret.value;
        }}
        onClick={(e) => {
          caret.value = e.currentTarget.selectionStart ?? caret.value;
        }}
        onKeyDown={onKeyDown}
        onBlur={() => typing.stop()}
        onPaste={(e) => {
          const files = [...(e.clipboardData?.files ?? [])];
          if (files.length > 0 && !note) {
            e.preventDefault();
            uploads.add(files);
          }
        }}
      />
      {uploads.items.value.length > 0 && (
        <ul class="uploads" aria-label={t('composer.files')}>
          {uploads.items.value.map((u) => (
            <UploadChip key={u.key} item={u} onRemove={() => uploads.remove(u.key)} />
          ))}
        </ul>
      )}
      <div class="composer-tools">
        {!note && (
          <>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              accept={acceptAttribute()}
              class="composer-file"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                e.currentTarget.value = '';
                uploads.add(files);
              }}
            />
            <button type="button" class="btn" onClick={() => fileInput.current?.click()}>
              {t('composer.attach')}
            </button>
          </>
        )}
        <button
          type="button"
          class="btn composer-templates"
          aria-keyshortcuts="t"
          aria-expanded={pickerOpen.value}
          onClick={() => {
            pickerOpen.value = !pickerOpen.value;
          }}
        >
          {t('composer.templates')}
        </button>
        {!note && (
          <button type="button" class="btn composer-articles" aria-expanded={articlesOpen.value} onClick={() => (articlesOpen.value = !articlesOpen.value)}>
            {t('help.insert')}
          </button>
        )}
        {!note && mail?.available && (
          <button type="button" class="btn composer-transcript" onClick={() => void transcript()}>
            {t('composer.transcript')}
          </button>
        )}
        <span class="spacer" />
        <button type="button" class="btn primary" disabled={busy.value || uploads.busy.value} onClick={() => void submit()}>
          {note ? t('composer.addNote') : via.value === 'email' && mail?.available ? t('composer.sendEmail') : t('composer.send')}
        </button>
      </div>
      {error.value && (
        <p class="error small" role="alert">
          {error.value}
        </p>
      )}
      {notice.value && (
        <p class="muted small" role="status">
          {notice.value}
        </p>
      )}
    </div>
  );
}
