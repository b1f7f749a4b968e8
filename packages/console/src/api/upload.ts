import * as v from 'valibot';
import { ApiErrorSchema, OperatorRoutes, UploadResponseSchema, type UploadedFile } from '@parley/protocol';
import { ApiFailure } from './http';

export interface UploadHandle {
  done: Promise<UploadedFile>;
  abort(): void;
}

/**
 * Uploads one file for an operator message, reporting progress (fetch cannot report upload
 * progress, XMLHttpRequest can). Same wire format as the widget's uploads: raw body, the file's
 * Content-Type, and its URI-encoded name in X-Parley-File-Name; the session cookie authorises it.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  XHR: typeof XMLHttpRequest = XMLHttpRequest,
  /** Extra headers: a call's recording names its call (CALL_RECORDING_HEADER). */
  headers: Record<string, string> = {},
): UploadHandle {
  const xhr = new XHR();
  const done = new Promise<UploadedFile>((resolve, reject) => {
    xhr.open('POST', OperatorRoutes.uploads);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.setRequestHeader('x-parley-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-parley-request', '1');
    for (const [k, val] of Object.entries(headers)) xhr.setRequestHeader(k, val);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const ok = v.safeParse(UploadResponseSchema, body);
        if (ok.success) {
          onProgress(1);
          resolve(ok.output.upload);
        } else reject(new ApiFailure('bad_response', 'unexpected upload response', xhr.status));
        return;
      }
      const err = v.safeParse(ApiErrorSchema, body);
      reject(
        err.success
          ? new ApiFailure(err.output.error.code, err.output.error.message, xhr.status)
          : new ApiFailure(xhr.status === 413 ? 'file_too_large' : 'internal', xhr.statusText, xhr.status),
      );
    });
    xhr.addEventListener('error', () => reject(new ApiFailure('network', 'network error', 0)));
    xhr.addEventListener('abort', () => reject(new ApiFailure('network', 'aborted', 0)));
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}
