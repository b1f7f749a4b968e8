/**
 * The one device classifier: desktop, tablet or mobile, from the user agent plus what the browser
 * says about touch and Client Hints. The loader uses it for the device filter before anything else
 * is loaded; the full device report (session/device-info.ts) takes its `type` from here, and only
 * adds browser and OS names from ua-parser-js. Keep it the single definition.
 */
export type DeviceKind = 'desktop' | 'tablet' | 'mobile';

export interface DeviceKindInput {
  userAgent: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile?: boolean } | undefined;
}

const TABLET = /iPad|Tablet|PlayBook|Silk|Kindle/i;
const MOBILE = /Mobi|iPhone|iPod|Windows Phone|IEMobile|Opera Mini|BlackBerry|BB10/i;

export function detectDeviceKind(nav: DeviceKindInput): DeviceKind {
  const ua = typeof nav.userAgent === 'string' ? nav.userAgent : '';
  if (TABLET.test(ua)) return 'tablet';
  // iPadOS 13+ asks for desktop sites with a Mac user agent; only touch gives it away.
  if (/Macintosh/.test(ua) && (nav.maxTouchPoints ?? 0) > 1) return 'tablet';
  if (MOBILE.test(ua)) return 'mobile';
  // Android phones say "Mobile"; an Android user agent without it is a tablet (Google's convention).
  if (/Android/i.test(ua)) return 'tablet';
  if (nav.userAgentData?.mobile === true) return 'mobile';
  return 'desktop';
}
