/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-explicit-any --
   Platform JSON (Telegram updates, Cloud API notifications) is read field by field, each checked with typeof before use. */
import { callJson } from './http';
import { ChannelError } from './types';

/**
 * The few Telegram Bot API methods Parley calls (https://core.telegram.org/bots/api): POST
 * `<base>/bot<token>/<method>`, answers `{ ok, result }` or `{ ok: false, error_code, description }`.
 * The base URL is a setting (tests point it at a loopback stand-in).
 */
export class TelegramApi {
  constructor(
    private readonly base: string,
    private readonly token: string,
  ) {}

  async call<T = any>(method: string, params: Record<string, unknown> | FormData, opts: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<T> {
    const url = `${this.base.replace(/\/$/, '')}/bot${this.token}/${method}`;
    const r = await callJson(url, params instanceof FormData ? { form: params, ...opts } : { json: params, ...opts });
    if (!r.body || r.body.ok !== true) {
      throw new ChannelError(`Telegram ${method}: ${r.body?.error_code ?? r.status} ${r.body?.description ?? ''}`.trim(), false);
    }
    return r.body.result as T;
  }

  fileUrl(filePath: string): string {
    return `${this.base.replace(/\/$/, '')}/file/bot${this.token}/${filePath}`;
  }
}
