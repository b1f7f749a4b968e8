import * as v from 'valibot';
import { ApiErrorSchema, CallbackRequestSchema, MAX_URL_LENGTH, WidgetRoutes, type CallbackRequest, type Locale } from '@parley/protocol';

export type CallbackResult = { ok: true } | { ok: false; reason: 'invalid' | 'failed'; message?: string };

export interface CallbackFields {
  phone: string;
  name?: string | undefined;
  preferredTime?: string | undefined;
}

/** 128 random bits, base64url: a ClientId the server uses to make the request idempotent. */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/**
 * Sends one callback request (HTTP POST, JSON CallbackRequest). The caller keeps `clientId` for
 * retries of the same request, so a request retried after a lost answer is stored once.
 */
export async function sendCallback(opts: {
  server: string;
  project: string;
  clientId: string;
  fields: CallbackFields;
  locale: Locale;
  page: string;
  fetch?: typeof fetch;
}): Promise<CallbackResult> {
  const body: CallbackRequest = {
    clientId: opts.clientId,
    phone: opts.fields.phone.trim(),
    ...(opts.fields.name?.trim() ? { name: opts.fields.name.trim() } : {}),
    ...(opts.fields.preferredTime?.trim() ? { preferredTime: opts.fields.preferredTime.trim() } : {}),
    ...(opts.page && opts.page.length <= MAX_URL_LENGTH ? { page: opts.page } : {}),
    locale: opts.locale,
  };
  const parsed = v.safeParse(CallbackRequestSchema, body);
  if (!parsed.success) return { ok: false, reason: 'invalid' };
  try {
    const res = await (opts.fetch ?? fetch)(new URL(WidgetRoutes.callback(opts.project), opts.server).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(parsed.output),
      credentials: 'omit',
    });
    if (res.ok) return { ok: true };
    const err = v.safeParse(ApiErrorSchema, await res.json().catch(() => null));
    if (!err.success) return { ok: false, reason: 'failed' };
    return { ok: false, reason: err.output.error.code === 'bad_request' ? 'invalid' : 'failed', message: err.output.error.message };
  } catch {
    return { ok: false, reason: 'failed' };
  }
}
