import * as v from 'valibot';

/**
 * Where a visitor writes from. The widget sends the device type (its one classifier), the `app`
 * option of a native app's WebView and the browser's Client Hints; the server names the browser
 * and OS from the connection's User-Agent refined by those hints (ua-parser-js 1.0 runs on the
 * server, not in the page). A client may also send `browser`/`os` itself (native SDKs, tests).
 * The server keeps it per device and links every message to the device it came from, so
 * operators read "Mobile Safari 17.6.1" per message.
 */
export const DEVICE_KINDS = ['desktop', 'tablet', 'mobile', 'app'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];
export const APP_PLATFORMS = ['android', 'ios', 'windows'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];
export const CHANNELS = ['web', 'telegram', 'whatsapp'] as const;
export type Channel = (typeof CHANNELS)[number];

// Printable text without control characters: these strings are shown to operators verbatim.
const label = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max), v.regex(/^[^\u0000-\u001f\u007f]*$/));
const version = v.pipe(v.string(), v.trim(), v.maxLength(40), v.regex(/^[0-9A-Za-z._+-]*$/));

export const NameVersionSchema = v.object({ name: v.pipe(label(60), v.minLength(1)), version: v.optional(version) });

export const AppInfoSchema = v.object({
  platform: v.picklist(APP_PLATFORMS),
  version: v.pipe(version, v.minLength(1)),
});
export type AppInfo = v.InferOutput<typeof AppInfoSchema>;

export const DeviceInfoSchema = v.object({
  type: v.picklist(DEVICE_KINDS),
  browser: v.optional(NameVersionSchema),
  os: v.optional(NameVersionSchema),
  /** True inside an in-app browser / WebView (Android `wv`, iOS without Safari, etc.). */
  webview: v.optional(v.boolean(), false),
  /** Present when a native app embeds the widget and says so. */
  app: v.optional(AppInfoSchema),
  channel: v.optional(v.picklist(CHANNELS), 'web'),
});
export type DeviceInfo = v.InferOutput<typeof DeviceInfoSchema>;
export type DeviceInfoInput = v.InferInput<typeof DeviceInfoSchema>;

/**
 * User-Agent Client Hints (navigator.userAgentData, high entropy `fullVersionList` and
 * `platformVersion`): what frozen user agents hide (Chrome's full version, Windows 11, the real
 * macOS and Android versions). Used only where they describe the same browser as the User-Agent.
 */
export const ClientHintsSchema = v.object({
  fullVersionList: v.optional(v.pipe(v.array(v.object({ brand: label(100), version })), v.maxLength(12))),
  platform: v.optional(label(40)),
  platformVersion: v.optional(version),
});
export type ClientHints = v.InferOutput<typeof ClientHintsSchema>;

const APP_NAMES: Readonly<Record<AppPlatform, string>> = { android: 'Android', ios: 'iOS', windows: 'Windows' };

function nameVersion(nv: { name: string; version?: string | undefined }): string {
  return nv.version ? `${nv.name} ${nv.version}` : nv.name;
}

/**
 * The browser label an operator reads beside a message: "Opera 112.0.0.0",
 * "Chrome WebView 127.0.6533.103", "Mobile Safari 17.6.1". Falls back to the app, then the OS.
 */
export function deviceLabel(d: DeviceInfoInput): string {
  if (d.browser) {
    const name = d.webview && !/webview/i.test(d.browser.name) ? `${d.browser.name} WebView` : d.browser.name;
    return nameVersion({ name, version: d.browser.version });
  }
  if (d.app) return appLabel(d.app);
  if (d.os) return nameVersion(d.os);
  return 'Unknown browser';
}

/** "Android app 3.2.1": what the operator reads for a visitor inside a native app. */
export function appLabel(app: AppInfo): string {
  return `${APP_NAMES[app.platform]} app ${app.version}`;
}

export const DEVICE_ICONS = ['desktop', 'tablet', 'mobile', 'android', 'ios', 'windows', 'telegram', 'whatsapp'] as const;
export type DeviceIcon = (typeof DEVICE_ICONS)[number];

/** Which icon the console shows beside a message from this device. */
export function deviceIcon(d: DeviceInfoInput): DeviceIcon {
  if (d.channel === 'telegram' || d.channel === 'whatsapp') return d.channel;
  if (d.app) return d.app.platform;
  if (d.type === 'app') return 'mobile';
  return d.type;
}
