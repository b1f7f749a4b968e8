import { describe, expect, it } from 'vitest';
import { detectDeviceKind } from './device-kind';

const UA = {
  linuxChrome: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  windowsOpera: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 OPR/112.0.0.0',
  mac: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  iPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6.1 Mobile/15E148 Safari/604.1',
  iPad: 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
  androidWebView:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/127.0.6533.103 Mobile Safari/537.36',
  androidTablet: 'Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36',
  kindle: 'Mozilla/5.0 (Linux; Android 9; KFMAWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/118.3.1 like Chrome/118.0.0.0 Safari/537.36',
  firefoxAndroid: 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0',
};

describe('detectDeviceKind', () => {
  it.each([
    ['linuxChrome', 'desktop'],
    ['windowsOpera', 'desktop'],
    ['mac', 'desktop'],
    ['iPhone', 'mobile'],
    ['iPad', 'tablet'],
    ['androidWebView', 'mobile'],
    ['androidTablet', 'tablet'],
    ['kindle', 'tablet'],
    ['firefoxAndroid', 'mobile'],
  ] as const)('%s is %s', (name, kind) => {
    expect(detectDeviceKind({ userAgent: UA[name] })).toBe(kind);
  });

  it('treats a touch Mac (iPadOS asking for the desktop site) as a tablet', () => {
    expect(detectDeviceKind({ userAgent: UA.mac, maxTouchPoints: 5 })).toBe('tablet');
    expect(detectDeviceKind({ userAgent: UA.mac, maxTouchPoints: 0 })).toBe('desktop');
  });

  it('trusts the Client Hints mobile flag when the user agent says nothing', () => {
    expect(detectDeviceKind({ userAgent: 'Mozilla/5.0 (X11; CrOS) Chrome/127', userAgentData: { mobile: true } })).toBe('mobile');
    expect(detectDeviceKind({ userAgent: UA.linuxChrome, userAgentData: { mobile: false } })).toBe('desktop');
  });

  it('is total on odd input', () => {
    expect(detectDeviceKind({ userAgent: undefined as unknown as string })).toBe('desktop');
    expect(detectDeviceKind({ userAgent: '' })).toBe('desktop');
  });
});
