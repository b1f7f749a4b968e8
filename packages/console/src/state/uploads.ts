import { computed, signal } from '@preact/signals';
import { attachmentKind, MAX_ATTACHMENTS_PER_MESSAGE, type UploadedFile } from '@parley/protocol';
import type { UploadHandle } from '../api/upload';

export interface UploadItem {
  key: number;
  name: string;
  size: number;
  /** 0..1 */
  progress: number;
  status: 'uploading' | 'done' | 'error';
  file: UploadedFile | null;
  error: string | null;
}

export interface UploadsDeps {
  upload(file: File, onProgress: (f: number) => void): UploadHandle;
  errorText(e: unknown): string;
  /** Text for a type no one may send (checked before uploading, the server checks again). */
  unsupportedText: string;
  tooManyText: string;
}

/** Files attached to the message being written, each uploading with its progress. */
export function createUploads(deps: UploadsDeps) {
  const items = signal<UploadItem[]>([]);
  const handles = new Map<number, UploadHandle>();
  let nextKey = 1;

  function patch(key: number, p: Partial<UploadItem>): void {
    items.value = items.value.map((i) => (i.key === key ? { ...i, ...p } : i));
  }

  return {
    items,
    busy: computed(() => items.value.some((i) => i.status === 'uploading')),
    ready: computed(() => items.value.filter((i) => i.status === 'done' && i.file).map((i) => i.file as UploadedFile)),
    add(files: readonly File[]): void {
      for (const file of files) {
        const key = nextKey++;
        const base: UploadItem = { key, name: file.name, size: file.size, progress: 0, status: 'uploading', file: null, error: null };
        if (items.value.filter((i) => i.status !== 'error').length >= MAX_ATTACHMENTS_PER_MESSAGE) {
          items.value = [...items.value, { ...base, status: 'error', error: deps.tooManyText }];
          continue;
        }
        if (!attachmentKind(file.type, file.name)) {
          items.value = [...items.value, { ...base, status: 'error', error: deps.unsupportedText }];
          continue;
        }
        items.value = [...items.value, base];
        const h = deps.upload(file, (progress) => patch(key, { progress }));
        handles.set(key, h);
        h.done
          .then(
            (uploaded) => patch(key, { status: 'done', progress: 1, file: uploaded }),
            (e) => patch(key, { status: 'error', error: deps.errorText(e) }),
          )
          .finally(() => handles.delete(key));
      }
    },
    remove(key: number): void {
      handles.get(key)?.abort();
      handles.delete(key);
      items.value = items.value.filter((i) => i.key !== key);
    },
    /** After a send: the files now belong to the message. */
    clear(): void {
      items.value = [];
    },
    destroy(): void {
      for (const h of handles.values()) h.abort();
      handles.clear();
    },
  };
}
export type Uploads = ReturnType<typeof createUploads>;
