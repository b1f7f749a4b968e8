import { describe, it, expect } from 'vitest';
import { defaultSchedule } from '@parley/protocol';
import { loadConfig } from './config';

const publicConfig = {
  project: 'demo',
  name: 'Demo',
  texts: { defaultLocale: 'en', overrides: {} },
  schedule: defaultSchedule('Europe/Paris'),
  offlineForm: { enabled: true, fields: { name: 'optional', phone: 'optional', email: 'optional', message: 'required' }, requireContact: true },
  pageFilter: { enabled: false, rules: '' },
  devices: [],
  attachments: { enabled: true, limits: { image: 1, video: 1, audio: 1, document: 1 } },
  appearance: { color: '#2563eb', position: 'bottom-right', offsetX: 20, offsetY: 20, zIndex: 2147483000, theme: 'auto' },
  rating: { enabled: true },
  multiwidget: {
    enabled: true,
    button: { color: '#2563eb', position: 'bottom-left', offsetX: 24, offsetY: 16, pulse: true, callToAction: { en: 'Hi!' }, callToActionDelaySeconds: 3 },
    channels: [{ kind: 'telegram', enabled: true, target: '@parley_bot' }],
  },
};

const serve = (status: number, body: unknown) => {
  const urls: string[] = [];
  const f = (async (url: string) => {
    urls.push(url);
    return new Response(JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { f, urls };
};

describe('loadConfig', () => {
  it('fetches the public config route and keeps what the multiwidget reads, with defaults applied', async () => {
    const { f, urls } = serve(200, publicConfig);
    const c = await loadConfig('https://chat.example.com', 'demo', f);
    expect(urls).toEqual(['https://chat.example.com/api/v1/widget/projects/demo/config']);
    expect(c.multiwidget.button.position).toBe('bottom-left');
    expect(c.multiwidget.channels[0]).toEqual({
      kind: 'telegram',
      enabled: true,
      target: '@parley_bot',
      passRef: false,
      qrOnDesktop: false,
      followSchedule: false,
    });
    expect(c).not.toHaveProperty('attachments');
  });
  it('refuses an invalid config and HTTP errors', async () => {
    const bad = { ...publicConfig, multiwidget: { ...publicConfig.multiwidget, button: { ...publicConfig.multiwidget.button, color: 'red' } } };
    await expect(loadConfig('https://chat.example.com', 'demo', serve(200, bad).f)).rejects.toThrow(/config/);
    const badKind = { ...publicConfig, multiwidget: { ...publicConfig.multiwidget, channels: [{ kind: 'icq', enabled: true, target: 'x' }] } };
    await expect(loadConfig('https://chat.example.com', 'demo', serve(200, badKind).f)).rejects.toThrow(/config/);
    await expect(loadConfig('https://chat.example.com', 'demo', serve(404, { error: { code: 'unknown_project', message: '' } }).f)).rejects.toThrow('HTTP 404');
  });
});
