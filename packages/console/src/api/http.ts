import * as v from 'valibot';
import { ApiErrorSchema, PROJECT_HEADER, type ErrorCode } from '@parley/protocol';

/** A failed API call: the server's error code, or 'network' when no answer came. */
export class ApiFailure extends Error {
  constructor(
    readonly code: ErrorCode | 'network' | 'bad_response',
    message: string,
    readonly status: number,
    readonly fields: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export type Query = Record<string, string | number | undefined | null>;

export interface HttpDeps {
  fetch: typeof fetch;
  /** The project the console shows: sent as X-Parley-Project so every call acts in it. */
  project?: () => string | null;
  /** Called when the session is gone (401), so the app can show the sign-in screen. */
  onUnauthorized(): void;
}

export function withQuery(path: string, query: Query | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, val] of Object.entries(query)) if (val !== undefined && val !== null && val !== '') params.set(k, String(val));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function failure(res: Response): Promise<ApiFailure> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: fall through to a generic error
  }
  const parsed = v.safeParse(ApiErrorSchema, body);
  if (parsed.success) {
    const e = parsed.output.error;
    return new ApiFailure(e.code, e.message, res.status, e.fields ?? []);
  }
  const code: ErrorCode = res.status === 401 ? 'unauthorized' : res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found' : 'internal';
  return new ApiFailure(code, res.statusText, res.status);
}

/**
 * JSON over fetch with the session cookie. Every answer is validated against the schema the
 * caller names; a body that does not match is an error, never trusted.
 */
export function createHttp(deps: HttpDeps) {
  // X-Parley-Request: the server's CSRF check wants JSON or this header on every state change.
  async function send(method: string, path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}): Promise<Response> {
    let res: Response;
    try {
      const project = deps.project?.() ?? null;
      const scope: Record<string, string> = project ? { [PROJECT_HEADER]: project } : {};
      res = await deps.fetch(path, {
        method,
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-parley-request': '1', ...scope, ...init.headers },
        body: init.body ?? null,
      });
    } catch (e) {
      throw new ApiFailure('network', e instanceof Error ? e.message : 'network error', 0);
    }
    if (!res.ok) {
      const f = await failure(res);
      if (res.status === 401) deps.onUnauthorized();
      throw f;
    }
    return res;
  }

  async function parse<T>(res: Response, schema: v.GenericSchema<unknown, T>): Promise<T> {
    let body: unknown;
    try {
      body = res.status === 204 ? null : await res.json();
    } catch {
      throw new ApiFailure('bad_response', 'response is not JSON', res.status);
    }
    const out = v.safeParse(schema, body);
    if (!out.success) {
      const where = out.issues
        .map((i) => v.getDotPath(i) ?? '(root)')
        .slice(0, 5)
        .join(', ');
      throw new ApiFailure('bad_response', `unexpected response shape at ${where}`, res.status);
    }
    return out.output;
  }

  function json(body: unknown) {
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  }

  return {
    async get<T>(path: string, schema: v.GenericSchema<unknown, T>, query?: Query): Promise<T> {
      return parse(await send('GET', withQuery(path, query)), schema);
    },
    async call<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body: unknown, schema: v.GenericSchema<unknown, T>): Promise<T> {
      return parse(await send(method, path, body === undefined ? {} : json(body)), schema);
    },
    /** For endpoints whose answer the console does not need (204 or anything). */
    async fire(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
      await send(method, path, body === undefined ? {} : json(body));
    },
    async raw<T>(method: 'POST' | 'PUT', path: string, body: Blob, headers: Record<string, string>, schema: v.GenericSchema<unknown, T>): Promise<T> {
      return parse(await send(method, path, { body, headers }), schema);
    },
  };
}
export type Http = ReturnType<typeof createHttp>;
