/** @jsxRuntime classic */
/** @jsx _h */
import { h as _h } from 'preact';
import { MAX_ATTACHMENTS_PER_MESSAGE, checkAttachment, clientErrorText } from '@parley/protocol';
import type { PendingFile, Props } from './store';
import { sizeLabel } from './attachments';
import { uploadFile, type Upload, type UploadResult } from '../session/upload';
import { effect } from '../core/signals';
import { parse } from '../core/check';
import { warn } from '../core/warn';
import { checkAttachments } from '../generated/validators-upload';

/** The file picker's `accept` list: the allowlist's types and extensions (attach-files.ts sets it). */
export { acceptAttribute } from '@parley/protocol';

export const css = `
.ch{list-style:none;padding:0;display:flex;gap:6px;flex-wrap:wrap;margin:0 0 6px;font-size:12px}
.ch li{display:flex;align-items:center;gap:6px;background:var(--bb);border-radius:8px;padding:4px 8px}
.ch progress{width:60px}
`;

/** The files being attached, above the message field: their names, upload progress and a remove button. */
export function View({ p }: Props) {
  const { ui, ctx } = p;
  const t = ctx.state.t.value;
  const files = ui.files.value;
  return (
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
              ui.files.value = ui.files.value.filter((x) => x.key !== f.key);
            }}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * Adds files to the message being written (picker, drag and drop, paste): each is checked with the
 * protocol's own limits and texts (the server checks again) and uploaded at once, with progress.
 */
export function attach(p: Props['p'], list: ArrayLike<File> | null): void {
  const { ctx, ui } = p;
  const locale = ctx.state.locale.value;
  // The chat checked only `enabled` of this part of the config: the limits are checked here, where they are read.
  const limits = parse(checkAttachments, ctx.state.effective.value?.config.attachments);
  if (!limits.ok) warn(`config failed validation at attachments${limits.path && '.' + limits.path}`);
  if (!limits.ok || !limits.value.enabled) return;
  const fail = (name: string, message: string) => (ui.error.value = `${name}: ${message}`);
  const update = (key: number, patch: Partial<PendingFile> | null) => {
    ui.files.value = ui.files.value.flatMap((f) => (f.key !== key ? [f] : patch ? [{ ...f, ...patch }] : []));
  };
  ui.error.value = null;
  for (const file of Array.from(list ?? [])) {
    if (ui.files.value.length >= MAX_ATTACHMENTS_PER_MESSAGE) break;
    const check = checkAttachment({ size: file.size, mime: file.type, name: file.name }, limits.value.limits);
    if (!check.ok) {
      fail(file.name, clientErrorText(check.code, locale, check.code === 'file_too_large' ? { limit: sizeLabel(check.limit, locale) } : {}));
      continue;
    }
    const key = ++ui.nextKey;
    const upload = whenConnected(p, (token) => uploadFile(ctx.win.XMLHttpRequest, ctx.server, token, file, (progress) => update(key, { progress }), locale));
    ui.files.value = [...ui.files.value, { key, name: file.name, progress: 0, upload }];
    void upload.result.then((r) => {
      if (r.ok) return update(key, { progress: 1, ref: { id: r.file.id, name: r.file.name, size: r.file.size, mime: r.file.mime, kind: r.file.kind } });
      update(key, null);
      // The server's text when it answered (in this locale); ours when the network failed.
      if (r.code !== 'aborted') fail(file.name, r.message ?? clientErrorText('internal', locale));
    });
  }
}

/** Runs `start` with the visitor's token once connected (a file chosen while the chat is still connecting waits); abortable before and after. */
function whenConnected(p: Props['p'], start: (token: string) => Upload): Upload {
  let inner: Upload | null = null;
  let aborted = false;
  const result = new Promise<void>((resolve) => {
    const stop = effect(() => {
      if (p.status.value !== 'online') return;
      resolve();
      queueMicrotask(() => stop());
    });
  }).then((): Promise<UploadResult> | UploadResult => {
    const token = p.token();
    if (aborted || !token) return { ok: false, code: aborted ? 'aborted' : 'network' };
    inner = start(token);
    return inner.result;
  });
  return {
    result,
    abort: () => {
      aborted = true;
      inner?.abort();
    },
  };
}
