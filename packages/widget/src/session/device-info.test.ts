import { describe, expect, it } from 'vitest';
import { detectDevice } from './device-info';

const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6.1 Mobile/15E148 Safari/604.1';

describe('detectDevice', () => {
  it('sends the device type and the Client Hints the server names the browser with', async () => {
    const hints = {
      fullVersionList: [{ brand: 'Google Chrome', version: '127.0.6533.120' }],
      platform: 'Windows',
      platformVersion: '15.0.0',
      architecture: 'x86',
    };
    const nav = { userAgent: WINDOWS_CHROME, userAgentData: { getHighEntropyValues: async () => hints } };
    expect(await detectDevice(nav)).toEqual({
      device: { type: 'desktop', channel: 'web' },
      hints: { fullVersionList: [{ brand: 'Google Chrome', version: '127.0.6533.120' }], platform: 'Windows', platformVersion: '15.0.0' },
    });
    expect(await detectDevice({ userAgent: IPHONE })).toEqual({ device: { type: 'mobile', channel: 'web' } });
  });

  it('reports a native app that says so', async () => {
    expect((await detectDevice({ userAgent: IPHONE }, { platform: 'ios', version: '3.2.1' })).device).toEqual({
      type: 'app',
      webview: true,
      channel: 'web',
      app: { platform: 'ios', version: '3.2.1' },
    });
  });

  it('carries on when the hints are refused', async () => {
    const nav = {
      userAgent: WINDOWS_CHROME,
      userAgentData: {
        getHighEntropyValues: async () => {
          throw new Error('NotAllowedError');
        },
      },
    };
    expect(await detectDevice(nav)).toEqual({ device: { type: 'desktop', channel: 'web' } });
  });
});
