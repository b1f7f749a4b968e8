import { describe, expect, it } from 'vitest';
import { deviceLabel, type DeviceInfo } from '@parley/protocol';
import { describeDevice } from './device';

const UA = {
  linuxChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  opera: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0',
  iPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6.1 Mobile/15E148 Safari/604.1',
  iosApp: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36',
};
const desktop: DeviceInfo = { type: 'desktop', webview: false, channel: 'web' };
const mobile: DeviceInfo = { type: 'mobile', webview: false, channel: 'web' };

describe('describeDevice', () => {
  it('labels browsers the way operators read them', () => {
    expect(deviceLabel(describeDevice(desktop, UA.opera))).toBe('Opera 112.0.0.0');
    expect(deviceLabel(describeDevice(mobile, UA.iPhone))).toBe('Mobile Safari 17.6.1');
    expect(deviceLabel(describeDevice(mobile, UA.androidWebView))).toBe('Chrome WebView 127.0.6533.103');
  });

  it('keeps the type the widget sent and spots WebViews', () => {
    expect(describeDevice(mobile, UA.iPhone)).toMatchObject({ type: 'mobile', webview: false, os: { name: 'iOS', version: '17.6.1' } });
    expect(describeDevice(mobile, UA.androidWebView)).toMatchObject({ type: 'mobile', webview: true });
    expect(describeDevice(mobile, UA.iosApp)).toMatchObject({ type: 'mobile', webview: true });
    expect(describeDevice(desktop, UA.linuxChrome)).toMatchObject({ type: 'desktop', webview: false, browser: { name: 'Chrome' } });
  });

  it('reports a native app that says so', () => {
    const d = describeDevice({ type: 'app', webview: true, channel: 'web', app: { platform: 'android', version: '3.2.1' } }, UA.androidWebView);
    expect(d).toMatchObject({ type: 'app', webview: true, app: { platform: 'android', version: '3.2.1' } });
  });

  it('refines versions with Client Hints describing the same browser only', () => {
    const hints = {
      fullVersionList: [
        { brand: 'Not)A;Brand', version: '99.0.0.0' },
        { brand: 'Google Chrome', version: '127.0.6533.120' },
      ],
      platform: 'Windows',
      platformVersion: '15.0.0',
    };
    expect(describeDevice(desktop, UA.windowsChrome, hints)).toMatchObject({
      browser: { name: 'Chrome', version: '127.0.6533.120' },
      os: { name: 'Windows', version: '11' },
    });
    // An emulated user agent (another browser, or another major version) keeps its own numbers.
    expect(describeDevice(mobile, UA.iPhone, hints).browser).toEqual({ name: 'Mobile Safari', version: '17.6.1' });
    const other = { fullVersionList: [{ brand: 'Google Chrome', version: '131.0.1.2' }] };
    expect(describeDevice(desktop, UA.linuxChrome, other).browser).toEqual({ name: 'Chrome', version: '127.0.0.0' });
  });

  it('keeps what a client named itself, and survives junk', () => {
    const sdk: DeviceInfo = { ...mobile, browser: { name: 'Parley SDK', version: '1.0' } };
    expect(describeDevice(sdk, UA.linuxChrome)).toBe(sdk);
    expect(describeDevice(desktop, '')).toEqual(desktop);
    expect(describeDevice(desktop, undefined)).toEqual(desktop);
    expect(describeDevice(desktop, 'Evil/1.0 (\u0000\u0007)').type).toBe('desktop');
  });
});
