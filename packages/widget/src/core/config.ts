import * as v from 'valibot';
import { WidgetConfigSchema, WidgetRoutes, type WidgetConfig } from '@parley/protocol';

export type ConfigResult =
  | { ok: true; config: WidgetConfig }
  | { ok: false; retry: boolean; reason: string };

/**
 * The project's public config, validated with the protocol schema. `retry` says whether trying
 * again later can help (network trouble, server errors) or not (unknown project, bad data).
 */
export async function fetchConfig(
  fetchFn: typeof fetch,
  server: string,
  project: string,
  signal?: AbortSignal,
  /** The server said it changed: revalidate instead of using a cached copy. */
  fresh = false,
): Promise<ConfigResult> {
  let res: Response;
  try {
    res = await fetchFn(server + WidgetRoutes.config(project), { credentials: 'omit', signal: signal ?? null, cache: fresh ? 'no-cache' : 'default' });
  } catch (err) {
    return { ok: false, retry: !signal?.aborted, reason: `could not reach ${server} (${String(err)})` };
  }
  if (res.status === 404) return { ok: false, retry: false, reason: `unknown project "${project}" on ${server}` };
  if (!res.ok) return { ok: false, retry: res.status >= 500 || res.status === 429, reason: `config request failed with HTTP ${res.status}` };
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, retry: false, reason: 'config is not JSON' };
  }
  const r = v.safeParse(WidgetConfigSchema, body);
  if (!r.success) {
    const fields = r.issues.map((i) => v.getDotPath(i) ?? '(root)').join(', ');
    return { ok: false, retry: false, reason: `config failed validation at ${fields}` };
  }
  return { ok: true, config: r.output };
}
