import type { AppInfo, ClientHints, DeviceInfoInput } from '@parley/protocol';
import { detectDeviceKind } from '../core/device-kind';

interface NavigatorLike {
  userAgent: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile?: boolean; getHighEntropyValues?(hints: string[]): Promise<ClientHints & Record<string, unknown>> };
}

/**
 * The device part of the hello: the type from the one classifier (core/device-kind.ts), the
 * native app that embeds the widget, and the Client Hints that name the browser exactly. The
 * server reads browser and OS from the connection's User-Agent (ua-parser-js runs there, not in
 * the page) and refines them with these hints.
 */
export async function detectDevice(nav: NavigatorLike, app?: AppInfo): Promise<{ device: DeviceInfoInput; hints?: ClientHints }> {
  const device: DeviceInfoInput = app ? { type: 'app', webview: true, channel: 'web', app } : { type: detectDeviceKind(nav), channel: 'web' };
  const uad = nav.userAgentData;
  try {
    const h = uad?.getHighEntropyValues ? await uad.getHighEntropyValues(['fullVersionList', 'platformVersion']) : null;
    if (h) {
      const hints: ClientHints = {};
      if (Array.isArray(h.fullVersionList))
        hints.fullVersionList = h.fullVersionList.slice(0, 12).map((b) => ({ brand: String(b.brand).slice(0, 100), version: String(b.version).slice(0, 40) }));
      if (typeof h.platform === 'string') hints.platform = h.platform.slice(0, 40);
      if (typeof h.platformVersion === 'string') hints.platformVersion = h.platformVersion.slice(0, 40);
      return { device, hints };
    }
  } catch {
    // hints refused: the user agent string is enough
  }
  return { device };
}
