import { describe, expect, it, vi } from 'vitest';
import { fetchConfig, readConfig } from './config';
import { checkWidgetConfig } from '../session/config-check';
import { testConfig } from './test-config';

const PRESENCE = { operatorsOnline: true, scheduleOpen: true, nextChange: null };
const json = (body: unknown, status = 200) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

describe('fetchConfig', () => {
  it('fetches the project config and presence from the widget route and validates them', async () => {
    const f = json({ ...testConfig(), presence: PRESENCE });
    const r = await fetchConfig(f, 'https://chat.example.com', 'demo');
    expect(r).toMatchObject({ ok: true, presence: PRESENCE, config: { project: 'demo' } });
    expect(f).toHaveBeenCalledWith('https://chat.example.com/api/v1/widget/projects/demo/config', expect.objectContaining({ credentials: 'omit' }));
    // With the chat chunk's check of the whole body, the multiwidget's part is left out.
    const full = await fetchConfig(
      json({ ...testConfig(), presence: PRESENCE, multiwidget: {} }),
      'https://s.example',
      'demo',
      undefined,
      false,
      undefined,
      checkWidgetConfig,
    );
    expect(full).toMatchObject({ ok: true, presence: PRESENCE, config: { project: 'demo' } });
    expect(full.ok && 'multiwidget' in full.config).toBe(false);
  });

  it("before the chat loads checks only what the launcher reads; the chat checks the rest but the lazy views' parts", () => {
    const text = JSON.stringify({ ...testConfig(), presence: PRESENCE, sound: { enabled: 'yes' } });
    expect(readConfig(text)).toMatchObject({ ok: true, presence: PRESENCE });
    expect(readConfig(text, checkWidgetConfig)).toEqual({ ok: false, retry: false, reason: 'config failed validation at sound.enabled' });
    // The forms', greetings' and attachment limits' parts pass as they came (their views check them,
    // see form-field.test.ts), but what the launcher and the chat read of them.
    const preChat = { enabled: 'yes', extra: 1 };
    const lazy = JSON.stringify({ ...testConfig(), presence: PRESENCE, preChat, attachments: { enabled: true, limits: 'none' } });
    expect(readConfig(lazy, checkWidgetConfig)).toMatchObject({ ok: true, config: { preChat, attachments: { enabled: true, limits: 'none' } } });
    const off = JSON.stringify({ ...testConfig(), presence: PRESENCE, attachments: { limits: {} } });
    expect(readConfig(off, checkWidgetConfig)).toEqual({ ok: false, retry: false, reason: 'config failed validation at attachments.enabled' });
    const noPresence = JSON.stringify({ ...testConfig() });
    expect(readConfig(noPresence)).toEqual({ ok: false, retry: false, reason: 'config failed validation at presence' });
    expect(readConfig('{')).toEqual({ ok: false, retry: false, reason: 'config is not JSON' });
  });

  it('revalidates when asked for a fresh copy', async () => {
    const f = json({ ...testConfig(), presence: PRESENCE });
    await fetchConfig(f, 'https://s.example', 'demo', undefined, true);
    expect(f).toHaveBeenCalledWith(expect.any(String), expect.objectContaining({ cache: 'no-cache' }));
  });

  it('gives up on an unknown project and on invalid data, naming the bad fields', async () => {
    expect(await fetchConfig(json({}, 404) as unknown as typeof fetch, 'https://s.example', 'nope')).toEqual({
      ok: false,
      retry: false,
      reason: 'unknown project "nope" on https://s.example',
    });
    const bad = { ...testConfig(), presence: PRESENCE, appearance: { ...testConfig().appearance, color: 'red' } };
    expect(await fetchConfig(json(bad) as unknown as typeof fetch, 'https://s.example', 'demo')).toEqual({
      ok: false,
      retry: false,
      reason: 'config failed validation at appearance.color',
    });
  });

  it('uses the response widget.js requested in parallel with the loader', async () => {
    const f = vi.fn();
    const early = json({ ...testConfig(), presence: PRESENCE })();
    const r = await fetchConfig(f, 'https://s.example', 'demo', undefined, false, early);
    expect(r.ok).toBe(true);
    expect(f).not.toHaveBeenCalled();
  });

  it('retries after network and server errors', async () => {
    const down = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchConfig(down as unknown as typeof fetch, 'https://s.example', 'demo')).toMatchObject({ ok: false, retry: true });
    expect(await fetchConfig(json({}, 503) as unknown as typeof fetch, 'https://s.example', 'demo')).toMatchObject({ ok: false, retry: true });
  });
});
