import { describe, expect, it } from 'vitest';
import { deviceLabel } from '@parley/protocol';
import { detectDevice, parseDevice } from './device-info';

const UA = {
  linuxChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  opera: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0',
  iPhone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6.1 Mobile/15E148 Safari/604.1',
  iosApp: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36',
};

describe('parseDevice', () => {
  it('labels browsers the way operators read them', () => {
    expect(deviceLabel(parseDevice({ userAgent: UA.opera }, null))).toBe('Opera 112.0.0.0');
    expect(deviceLabel(parseDevice({ userAgent: UA.iPhone }, null))).toBe('Mobile Safari 17.6.1');
    expect(deviceLabel(parseDevice({ userAgent: UA.androidWebView }, null))).toBe('Chrome WebView 127.0.6533.103');
  });

  it('takes the device type from the shared classifier and spots WebViews', () => {
    expect(parseDevice({ userAgent: UA.iPhone }, null)).toMatchObject({ type: 'mobile', webview: false, os: { name: 'iOS', version: '17.6.1' } });
    expect(parseDevice({ userAgent: UA.androidWebView }, null)).toMatchObject({ type: 'mobile', webview: true });
    expect(parseDevice({ userAgent: UA.iosApp }, null)).toMatchObject({ type: 'mobile', webview: true });
    expect(parseDevice({ userAgent: UA.linuxChrome }, null)).toMatchObject({ type: 'desktop', webview: false, browser: { name: 'Chrome' } });
  });

  it('reports a native app that says so', () => {
    const d = parseDevice({ userAgent: UA.androidWebView }, null, { platform: 'android', version: '3.2.1' });
    expect(d).toMatchObject({ type: 'app', webview: true, app: { platform: 'android', version: '3.2.1' } });
  });

  it('refines versions with Client Hints describing the same browser only', () => {
    const hints = {
      fullVersionList: [{ brand: 'Not)A;Brand', version: '99.0.0.0' }, { brand: 'Google Chrome', version: '127.0.6533.120' }],
      platform: 'Windows',
      platformVersion: '15.0.0',
    };
    expect(parseDevice({ userAgent: UA.windowsChrome }, hints)).toMatchObject({
      browser: { name: 'Chrome', version: '127.0.6533.120' },
      os: { name: 'Windows', version: '11' },
    });
    // An emulated user agent (another browser, or another major version) keeps its own numbers.
    expect(parseDevice({ userAgent: UA.iPhone }, hints).browser).toEqual({ name: 'Mobile Safari', version: '17.6.1' });
    const other = { fullVersionList: [{ brand: 'Google Chrome', version: '131.0.1.2' }] };
    expect(parseDevice({ userAgent: UA.linuxChrome }, other).browser).toEqual({ name: 'Chrome', version: '127.0.0.0' });
  });

  it('survives junk', () => {
    expect(parseDevice({ userAgent: '' }, null)).toEqual({ type: 'desktop', webview: false, channel: 'web' });
    expect(parseDevice({ userAgent: 'Evil/1.0 (\u0000\u0007)' }, null).type).toBe('desktop');
  });
});

describe('detectDevice', () => {
  it('asks for high-entropy hints and carries on when they are refused', async () => {
    const nav = {
      userAgent: UA.windowsChrome,
      userAgentData: { getHighEntropyValues: async () => { throw new Error('NotAllowedError'); } },
    };
    expect((await detectDevice(nav)).browser).toEqual({ name: 'Chrome', version: '127.0.0.0' });
  });
});
