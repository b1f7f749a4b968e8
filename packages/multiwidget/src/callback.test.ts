import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { CallbackRequestSchema, ClientIdSchema } from '@parley/protocol';
import { newClientId, sendCallback } from './callback';

function fakeFetch(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; body: unknown }[] = [];
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ url, body: JSON.parse(init.body as string) });
    return respond(url, init);
  }) as unknown as typeof fetch;
  return { f, calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const base = { server: 'https://chat.example.com', project: 'demo', locale: 'ru' as const, page: 'https://shop.example.com/windows' };

describe('newClientId', () => {
  it('makes distinct ids the server accepts', () => {
    const ids = new Set(Array.from({ length: 50 }, newClientId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(v.safeParse(ClientIdSchema, id).success).toBe(true);
  });
});

describe('sendCallback', () => {
  it('posts a valid CallbackRequest to the project callback route', async () => {
    const { f, calls } = fakeFetch(() => json(201, { id: 'lead1' }));
    const r = await sendCallback({
      ...base,
      clientId: 'abcdefgh12',
      fields: { phone: ' +7 999 123-45-67 ', name: ' Анна ', preferredTime: '18:30' },
      fetch: f,
    });
    expect(r).toEqual({ ok: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://chat.example.com/api/v1/widget/projects/demo/callback');
    expect(calls[0]?.body).toEqual({
      clientId: 'abcdefgh12',
      phone: '+7 999 123-45-67',
      name: 'Анна',
      preferredTime: '18:30',
      page: base.page,
      locale: 'ru',
    });
    expect(v.safeParse(CallbackRequestSchema, calls[0]?.body).success).toBe(true);
  });

  it('leaves out empty optional fields', async () => {
    const { f, calls } = fakeFetch(() => json(200, { id: 'lead1' }));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '+79991234567', name: '  ' }, fetch: f })).toEqual({ ok: true });
    expect(calls[0]?.body).toEqual({ clientId: 'abcdefgh12', phone: '+79991234567', page: base.page, locale: 'ru' });
  });

  it('refuses what the schema refuses, without a request', async () => {
    const { f, calls } = fakeFetch(() => json(201, {}));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '12' }, fetch: f })).toEqual({ ok: false, reason: 'invalid' });
    expect(await sendCallback({ ...base, clientId: 'short', fields: { phone: '+79991234567' }, fetch: f })).toEqual({ ok: false, reason: 'invalid' });
    expect(calls).toHaveLength(0);
  });

  it('reports the server error and its text', async () => {
    const bad = fakeFetch(() => json(400, { error: { code: 'bad_request', message: 'Некоторые поля не заполнены', fields: ['phone'] } }));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '+79991234567' }, fetch: bad.f })).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'Некоторые поля не заполнены',
    });
    const limited = fakeFetch(() => json(429, { error: { code: 'rate_limited', message: 'Too many requests.' } }));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '+79991234567' }, fetch: limited.f })).toEqual({
      ok: false,
      reason: 'failed',
      message: 'Too many requests.',
    });
    const garbage = fakeFetch(() => new Response('<html>502</html>', { status: 502 }));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '+79991234567' }, fetch: garbage.f })).toEqual({
      ok: false,
      reason: 'failed',
    });
  });

  it('reports a network failure as failed, so the same clientId can be retried', async () => {
    const { f } = fakeFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await sendCallback({ ...base, clientId: 'abcdefgh12', fields: { phone: '+79991234567' }, fetch: f })).toEqual({ ok: false, reason: 'failed' });
  });

  it('drops a page URL longer than the protocol allows instead of failing', async () => {
    const { f, calls } = fakeFetch(() => json(201, { id: 'x' }));
    await sendCallback({ ...base, page: `https://x.com/${'a'.repeat(3000)}`, clientId: 'abcdefgh12', fields: { phone: '+79991234567' }, fetch: f });
    expect(calls[0]?.body).not.toHaveProperty('page');
  });
});
