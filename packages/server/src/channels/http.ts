/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-explicit-any --
   Platform JSON (Telegram updates, Cloud API notifications) is read field by field, each checked with typeof before use. */
import { ChannelError } from './types';

/**
 * One platform call: a JSON or multipart POST (or a GET), the answer as JSON. Network errors,
 * 429 and 5xx are worth a retry; other refusals are final.
 */
export async function callJson(
  url: string,
  init: { method?: 'GET' | 'POST'; json?: unknown; form?: FormData; headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number },
): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...init.headers };
  let body: string | FormData | undefined;
  if (init.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(init.json);
  } else if (init.form) body = init.form;
  const signals = [AbortSignal.timeout(init.timeoutMs ?? 30_000)];
  if (init.signal) signals.push(init.signal);
  let res: Response;
  try {
    res = await fetch(url, { method: init.method ?? 'POST', headers, body, signal: AbortSignal.any(signals) });
  } catch (err) {
    throw new ChannelError(`unreachable: ${(err as Error).message}`, true);
  }
  const text = await res.text().catch(() => '');
  let parsed: any;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (res.status === 429 || res.status >= 500) {
    const after = Number(parsed?.parameters?.retry_after ?? res.headers.get('retry-after') ?? NaN);
    throw new ChannelError(`HTTP ${res.status} ${describe(parsed, text)}`, true, Number.isFinite(after) ? after * 1000 : undefined);
  }
  return { status: res.status, body: parsed };
}

function describe(parsed: any, text: string): string {
  return String(parsed?.description ?? parsed?.error?.message ?? text).slice(0, 300);
}
