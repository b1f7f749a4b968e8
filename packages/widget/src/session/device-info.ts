import * as v from 'valibot';
import { UAParser } from 'ua-parser-js';
import { DeviceInfoSchema, type AppInfo, type DeviceInfoInput } from '@parley/protocol';
import { detectDeviceKind } from '../core/device-kind';

interface Brand {
  brand: string;
  version: string;
}
interface HighEntropy {
  fullVersionList?: Brand[];
  platform?: string;
  platformVersion?: string;
}
interface NavigatorLike {
  userAgent: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile?: boolean; platform?: string; getHighEntropyValues?(hints: string[]): Promise<HighEntropy> };
}

// Client Hints brand -> the browser name ua-parser-js gives for the same browser.
const BRANDS: Readonly<Record<string, string>> = {
  'Google Chrome': 'Chrome',
  'Microsoft Edge': 'Edge',
  Opera: 'Opera',
  'Android WebView': 'Chrome WebView',
  YaBrowser: 'Yandex',
};

const major = (version: string | undefined) => (version ?? '').split('.')[0];
const clean = (s: string | undefined, max: number) => (s ? s.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, max) : '');
const cleanVersion = (s: string | undefined) => clean(s, 40).replace(/[^0-9A-Za-z._+-]/g, '');

/**
 * What the operator reads beside each message: browser and version, OS, device type, WebView or
 * native app. ua-parser-js reads the user agent; Client Hints, where the browser has them, refine
 * what frozen user agents hide (Chrome's full version, Windows 11, the real macOS and Android versions)
 * but only when they describe the same browser as the user agent string.
 */
export function parseDevice(nav: NavigatorLike, hints: HighEntropy | null, app?: AppInfo): DeviceInfoInput {
  const ua = typeof nav.userAgent === 'string' ? nav.userAgent : '';
  const parser = new UAParser(ua);
  const r = { browser: parser.getBrowser(), os: parser.getOS() };
  let browserVersion = r.browser.version;
  let osVersion = r.os.version;
  if (hints) {
    const brand = hints.fullVersionList?.find((b) => BRANDS[b.brand] === r.browser.name && major(b.version) === major(browserVersion));
    if (brand) browserVersion = brand.version;
    const pv = hints.platformVersion;
    if (pv && hints.platform === 'Windows' && r.os.name === 'Windows') osVersion = Number(major(pv)) >= 13 ? '11' : '10';
    if (pv && hints.platform === 'macOS' && r.os.name === 'Mac OS') osVersion = pv;
    if (pv && hints.platform === 'Android' && r.os.name === 'Android') osVersion = pv;
  }
  // Android WebViews say "wv"; iOS in-app browsers have WebKit but no Safari token.
  const webview = /; wv\)/.test(ua) || (/(iPhone|iPad|iPod)/.test(ua) && /AppleWebKit/.test(ua) && !/Safari\//.test(ua));
  const info: DeviceInfoInput = { type: app ? 'app' : detectDeviceKind(nav), webview: webview || !!app, channel: 'web' };
  const bName = clean(r.browser.name, 60);
  if (bName) info.browser = { name: bName, ...(cleanVersion(browserVersion) ? { version: cleanVersion(browserVersion) } : {}) };
  const oName = clean(r.os.name, 60);
  if (oName) info.os = { name: oName, ...(cleanVersion(osVersion) ? { version: cleanVersion(osVersion) } : {}) };
  if (app) info.app = app;
  // Never let a strange user agent break the hello frame: fall back to the bare type.
  return v.safeParse(DeviceInfoSchema, info).success ? info : { type: info.type, webview: info.webview ?? false, channel: 'web' };
}

export async function detectDevice(nav: NavigatorLike, app?: AppInfo): Promise<DeviceInfoInput> {
  let hints: HighEntropy | null = null;
  const uad = nav.userAgentData;
  if (uad && typeof uad.getHighEntropyValues === 'function') {
    try {
      hints = await uad.getHighEntropyValues(['fullVersionList', 'platformVersion']);
    } catch {
      // hints refused: the user agent string is enough
    }
  }
  return parseDevice(nav, hints, app);
}
