import { describe, it, expect } from 'vitest';
import * as v from 'valibot';
import { DeviceInfoSchema, appLabel, deviceIcon, deviceLabel, type DeviceInfoInput } from './device';

describe('deviceLabel: exactly what an operator reads', () => {
  it.each<[string, DeviceInfoInput, string]>([
    ['desktop Opera', { type: 'desktop', browser: { name: 'Opera', version: '112.0.0.0' } }, 'Opera 112.0.0.0'],
    [
      'Android WebView as ua-parser names it',
      { type: 'mobile', webview: true, browser: { name: 'Chrome WebView', version: '127.0.6533.103' } },
      'Chrome WebView 127.0.6533.103',
    ],
    [
      'WebView flag on a plain Chrome name',
      { type: 'mobile', webview: true, browser: { name: 'Chrome', version: '127.0.6533.103' } },
      'Chrome WebView 127.0.6533.103',
    ],
    ['iPhone Safari', { type: 'mobile', browser: { name: 'Mobile Safari', version: '17.6.1' } }, 'Mobile Safari 17.6.1'],
    ['no version', { type: 'desktop', browser: { name: 'Firefox' } }, 'Firefox'],
    ['app without browser', { type: 'app', app: { platform: 'ios', version: '3.2.1' } }, 'iOS app 3.2.1'],
    ['only an OS', { type: 'desktop', os: { name: 'Windows', version: '10' } }, 'Windows 10'],
    ['nothing known', { type: 'desktop' }, 'Unknown browser'],
  ])('%s', (_n, d, label) => expect(deviceLabel(d)).toBe(label));
});

describe('deviceIcon', () => {
  it.each<[DeviceInfoInput, string]>([
    [{ type: 'desktop' }, 'desktop'],
    [{ type: 'mobile' }, 'mobile'],
    [{ type: 'tablet' }, 'tablet'],
    [{ type: 'app', app: { platform: 'android', version: '1' } }, 'android'],
    [{ type: 'mobile', app: { platform: 'ios', version: '1' } }, 'ios'],
    [{ type: 'app', app: { platform: 'windows', version: '1' } }, 'windows'],
    [{ type: 'app' }, 'mobile'],
    [{ type: 'mobile', channel: 'telegram' }, 'telegram'],
    [{ type: 'mobile', channel: 'whatsapp', app: { platform: 'ios', version: '1' } }, 'whatsapp'],
  ])('%j -> %s', (d, icon) => expect(deviceIcon(d)).toBe(icon));
});

describe('DeviceInfoSchema', () => {
  it('refuses control characters and odd versions an operator would be shown', () => {
    expect(v.safeParse(DeviceInfoSchema, { type: 'desktop', browser: { name: 'Chr\u0007me' } }).success).toBe(false);
    expect(v.safeParse(DeviceInfoSchema, { type: 'desktop', browser: { name: 'Chrome', version: '1<script>' } }).success).toBe(false);
    expect(v.safeParse(DeviceInfoSchema, { type: 'app', app: { platform: 'symbian', version: '1' } }).success).toBe(false);
    expect(v.safeParse(DeviceInfoSchema, { type: 'app', app: { platform: 'android', version: '' } }).success).toBe(false);
  });
  it('labels apps', () => expect(appLabel({ platform: 'windows', version: '2.0.1' })).toBe('Windows app 2.0.1'));
});
