import { widgetConfigPath, type Presence, type WidgetConfigResponse } from '@parley/protocol';
import { checkLauncherConfig } from '../generated/validators-loader';
import { parse, type V } from './check';
import type { ChatConfig, WidgetConfigBody } from './config-types';

export type ConfigResult = { ok: true; config: WidgetConfigBody; presence: Presence; text: string } | { ok: false; retry: boolean; reason: string };

export type { ChatConfig, LauncherConfig } from './config-types';

/**
 * Reads a config body. Without `full` (the chat chunk's check of the whole body, once it has
 * loaded) only the launcher's parts are checked and the body is kept as it came: the chat chunk
 * checks all of it before it reads any of the rest.
 */
export function readConfig(text: string, full?: V<ChatConfig>): ConfigResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { ok: false, retry: false, reason: 'config is not JSON' };
  }
  const r = parse(full ?? checkLauncherConfig, body);
  if (!r.ok) return { ok: false, retry: false, reason: `config failed validation at ${r.path || '(root)'}` };
  const { presence, ...config } = (full ? r.value : body) as WidgetConfigResponse;
  return { ok: true, config, presence, text };
}

/**
 * The project's public config and presence. `retry` says whether trying again later can help
 * (network trouble, server errors) or not (unknown project, bad data). `early` is the response
 * widget.js requested in parallel with the loader.
 */
export async function fetchConfig(
  fetchFn: typeof fetch,
  server: string,
  project: string,
  signal?: AbortSignal,
  /** Revalidate (ETag) instead of using a cached copy. */
  fresh = false,
  early?: Promise<Response>,
  full?: V<ChatConfig>,
): Promise<ConfigResult> {
  let res: Response;
  let text: string;
  try {
    res = await (early ?? fetchFn(server + widgetConfigPath(project), { credentials: 'omit', signal: signal ?? null, cache: fresh ? 'no-cache' : 'default' }));
    text = await res.text();
  } catch (err) {
    return { ok: false, retry: !signal?.aborted, reason: `could not reach ${server} (${String(err)})` };
  }
  if (res.status === 404) return { ok: false, retry: false, reason: `unknown project "${project}" on ${server}` };
  if (!res.ok) return { ok: false, retry: res.status >= 500 || res.status === 429, reason: `config request failed with HTTP ${res.status}` };
  return readConfig(text, full);
}
