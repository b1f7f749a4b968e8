import { WidgetRoutes, type ErrorCode, type Locale, type UploadedFile } from '@parley/protocol';
import { checkApiError, checkUploadResponse } from '../generated/validators-upload';
import { parse } from '../core/check';

/** On failure `message` is the server's text (in `locale`), absent when no server answered. */
export type UploadResult = { ok: true; file: UploadedFile } | { ok: false; code: ErrorCode | 'network' | 'aborted'; message?: string };

export interface Upload {
  result: Promise<UploadResult>;
  abort(): void;
}

/**
 * Uploads one file with progress (XMLHttpRequest: fetch cannot report upload progress). The body
 * is the raw file; the server sniffs the real type and answers with the stored file.
 */
export function uploadFile(
  XHR: typeof XMLHttpRequest,
  server: string,
  token: string,
  file: File,
  onProgress: (fraction: number) => void,
  locale: Locale,
): Upload {
  const xhr = new XHR();
  const result = new Promise<UploadResult>((resolve) => {
    xhr.open('POST', `${server}${WidgetRoutes.uploads}?locale=${locale}`);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('X-Parley-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: handled below
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const r = parse(checkUploadResponse, body);
        resolve(r.ok ? { ok: true, file: r.value.upload } : { ok: false, code: 'internal' });
        return;
      }
      const e = parse(checkApiError, body);
      resolve(e.ok ? { ok: false, code: e.value.error.code, message: e.value.error.message } : { ok: false, code: 'internal' });
    };
    xhr.onerror = () => resolve({ ok: false, code: 'network' });
    xhr.onabort = () => resolve({ ok: false, code: 'aborted' });
    xhr.send(file);
  });
  return { result, abort: () => xhr.abort() };
}
