import { MAX_ATTACHMENTS_PER_MESSAGE, MAX_MESSAGE_LENGTH, acceptAttribute, checkAttachment, clientErrorText, formatBytes } from '@parley/protocol';
import type { AttachmentRef } from '../session/outbox';
import type { PendingFile, Props } from './store';
import { Icon, PATHS } from './icon';

export function Composer({ p }: Props) {
  const { ctx, chat, ui } = p;
  const { state } = ctx;
  const t = state.t.value;
  const locale = state.locale.value;
  const attachments = state.effective.value?.config.attachments;
  const text = ui.text.value;
  const files = ui.files.value;
  const error = ui.error.value;
  const ready = files.filter((f) => f.ref).map((f) => f.ref as AttachmentRef);
  const canSend = (text.trim() !== '' || ready.length > 0) && files.every((f) => f.ref);

  const update = (key: number, patch: Partial<PendingFile> | null) => {
    ui.files.value = ui.files.value.flatMap((f) => (f.key !== key ? [f] : patch ? [{ ...f, ...patch }] : []));
  };
  const resize = () => {
    const el = ui.els.input;
    if (!el) return;
    el.style.setProperty('height', 'auto');
    el.style.setProperty('height', `${Math.min(el.scrollHeight, 120)}px`);
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!canSend) return;
    void chat.send(text.trim(), ready);
    ui.text.value = '';
    ui.files.value = [];
    ui.error.value = null;
    queueMicrotask(resize);
  };
  const fail = (name: string, message: string) => (ui.error.value = `${name}: ${message}`);
  const pick = (list: FileList | null) => {
    ui.error.value = null;
    for (const file of Array.from(list ?? [])) {
      if (ui.files.value.length >= MAX_ATTACHMENTS_PER_MESSAGE) break;
      // Refuse early with the protocol's own limits and texts; the server checks again.
      const check = checkAttachment({ size: file.size, mime: file.type, name: file.name }, attachments?.limits);
      if (!check.ok) {
        fail(file.name, clientErrorText(check.code, locale, check.code === 'file_too_large' ? { limit: formatBytes(check.limit, locale) } : {}));
        continue;
      }
      const key = ++ui.nextKey;
      const upload = p.upload(file, (progress) => update(key, { progress }));
      ui.files.value = [...ui.files.value, { key, name: file.name, progress: 0, upload }];
      void upload.result.then((r) => {
        if (r.ok) return update(key, { progress: 1, ref: { id: r.file.id, name: r.file.name, size: r.file.size, mime: r.file.mime, kind: r.file.kind } });
        update(key, null);
        // The server's text when it answered (in this locale); ours when the network failed.
        if (r.code !== 'aborted') fail(file.name, r.message ?? clientErrorText('internal', locale));
      });
    }
    if (ui.els.picker) ui.els.picker.value = '';
  };

  return (
    <form class="cm" onSubmit={submit}>
      {error && (
        <div class="er" role="alert">
          {error}
        </div>
      )}
      {files.length > 0 && (
        <ul class="ch">
          {files.map((f) => (
            <li key={f.key}>
              {f.ref ? f.name : t('composer.uploading', { name: f.name, percent: Math.round(f.progress * 100) })}
              {!f.ref && <progress max={1} value={f.progress} aria-hidden="true" />}
              <button
                type="button"
                class="lnk"
                aria-label={t('composer.removeFile', { name: f.name })}
                onClick={() => {
                  f.upload.abort();
                  update(f.key, null);
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        {attachments?.enabled && (
          <>
            <button type="button" class="ib" aria-label={t('composer.attach')} onClick={() => ui.els.picker?.click()}>
              <Icon d={PATHS.clip} />
            </button>
            <input
              ref={(e) => void (ui.els.picker = e)}
              type="file"
              class="sr"
              tabIndex={-1}
              aria-hidden="true"
              multiple
              accept={acceptAttribute()}
              onChange={(e) => pick(e.currentTarget.files)}
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
            resize();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
          }}
        />
        <button type="submit" class="ib sd" aria-label={t('composer.send')} disabled={!canSend}>
          <Icon d={PATHS.send} />
        </button>
      </div>
    </form>
  );
}
