import { MAX_ATTACHMENTS_PER_MESSAGE, checkAttachment, clientErrorText, formatBytes } from '@parley/protocol';
import type { PendingFile, Props } from './store';
import { uploadFile } from '../session/upload';

/** The file picker's `accept` list: the allowlist's types and extensions (attach-files.ts sets it). */
export { acceptAttribute } from '@parley/protocol';

/**
 * Adds files to the message being written (picker, drag and drop, paste): each is checked with the
 * protocol's own limits and texts (the server checks again) and uploaded at once, with progress.
 */
export function attach(p: Props['p'], list: ArrayLike<File> | null): void {
  const { ctx, ui } = p;
  const locale = ctx.state.locale.value;
  const limits = ctx.state.effective.value?.config.attachments;
  if (!limits?.enabled) return;
  const fail = (name: string, message: string) => (ui.error.value = `${name}: ${message}`);
  const update = (key: number, patch: Partial<PendingFile> | null) => {
    ui.files.value = ui.files.value.flatMap((f) => (f.key !== key ? [f] : patch ? [{ ...f, ...patch }] : []));
  };
  ui.error.value = null;
  for (const file of Array.from(list ?? [])) {
    if (ui.files.value.length >= MAX_ATTACHMENTS_PER_MESSAGE) break;
    const check = checkAttachment({ size: file.size, mime: file.type, name: file.name }, limits.limits);
    if (!check.ok) {
      fail(file.name, clientErrorText(check.code, locale, check.code === 'file_too_large' ? { limit: formatBytes(check.limit, locale) } : {}));
      continue;
    }
    const key = ++ui.nextKey;
    const upload = p.upload((token) => uploadFile(ctx.win.XMLHttpRequest, ctx.server, token, file, (progress) => update(key, { progress }), locale));
    ui.files.value = [...ui.files.value, { key, name: file.name, progress: 0, upload }];
    void upload.result.then((r) => {
      if (r.ok) return update(key, { progress: 1, ref: { id: r.file.id, name: r.file.name, size: r.file.size, mime: r.file.mime, kind: r.file.kind } });
      update(key, null);
      // The server's text when it answered (in this locale); ours when the network failed.
      if (r.code !== 'aborted') fail(file.name, r.message ?? clientErrorText('internal', locale));
    });
  }
}
