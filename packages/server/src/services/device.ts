import { UAParser } from 'ua-parser-js';
import { DeviceInfoSchema, type ClientHints, type DeviceInfo } from '@parley/protocol';
import * as v from 'valibot';

// Client Hints brand -> the browser name ua-parser-js gives for the same browser.
const BRANDS: Readonly<Record<string, string>> = {
  'Google Chrome': 'Chrome',
  'Microsoft Edge': 'Edge',
  Opera: 'Opera',
  'Android WebView': 'Chrome WebView',
  YaBrowser: 'Yandex',
};

const major = (version: string | undefined) => (version ?? '').split('.')[0];
const clean = (s: string | undefined, max: number) =>
  s
    ? s
        .replace(/[\u0000-\u001f\u007f]/g, '')
        .trim()
        .slice(0, max)
    : '';
const cleanVersion = (s: string | undefined) => clean(s, 40).replace(/[^0-9A-Za-z._+-]/g, '');

/**
 * What the operator reads beside each message: browser and version, OS, WebView or native app.
 * The widget sends its device type (and app, and Client Hints); the browser and OS come from the
 * User-Agent of the visitor's connection, read here with ua-parser-js 1.0 so the page never loads
 * it. Client Hints refine what frozen user agents hide, but only when they describe the same
 * browser as the user agent string. A device that already names its browser or OS (a native SDK,
 * an older widget) or that is not on the web is kept as sent.
 */
export function describeDevice(device: DeviceInfo, userAgent: string | undefined, hints?: ClientHints): DeviceInfo {
  if (device.browser || device.os || device.channel !== 'web') return device;
  const ua = typeof userAgent === 'string' ? userAgent.slice(0, 1024) : '';
  if (!ua) return device;
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
  const info: DeviceInfo = { ...device, webview: device.webview || webview };
  const bName = clean(r.browser.name, 60);
  if (bName) info.browser = { name: bName, ...(cleanVersion(browserVersion) ? { version: cleanVersion(browserVersion) } : {}) };
  const oName = clean(r.os.name, 60);
  if (oName) info.os = { name: oName, ...(cleanVersion(osVersion) ? { version: cleanVersion(osVersion) } : {}) };
  // Never let a strange user agent spoil the device: fall back to what the client sent.
  const checked = v.safeParse(DeviceInfoSchema, info);
  return checked.success ? checked.output : device;
}
